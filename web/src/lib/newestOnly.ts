// A page that reloads on every filter change can get its answers out of order: the reports
// page's first call (30 days) took longer than the one-day call made a moment later, landed
// last and left the month on screen under a one-day period (CI, stop 19). Each call through
// the guard takes a ticket; only the newest ticket's answer or error settles, older ones are
// dropped (their promise never settles, so their `then`, `catch` and `finally` never run).
export function newestOnly() {
  let ticket = 0;
  return <T>(call: Promise<T>): Promise<T> => {
    const mine = ++ticket;
    return new Promise<T>((resolve, reject) => {
      call.then(
        (value) => mine === ticket && resolve(value),
        (error: unknown) => mine === ticket && reject(error),
      );
    });
  };
}
