// The call whose caller card the operator turned into a filing (Enter on the card): the intake
// form takes the phone from it, files with channel PHONE and links the call to the new request.
export const callIntake = $state<{ callId: string | null; phone: string; unknown: boolean }>({ callId: null, phone: '', unknown: false });

export function fileFromCall(callId: string, phone: string, unknown: boolean): void {
  callIntake.phone = phone;
  callIntake.unknown = unknown;
  callIntake.callId = callId; // last: the form reacts to the id
}
