// What the inbox does when a chat comes in or its visitor writes, by the agent's own chat
// settings (docs/chat.md, "Personal settings"): a short beep made with WebAudio (no sound file
// to load), and the browser's desktop notification of a new chat, asked for when the agent
// switches it on (browsers allow the question only after a click).

/** The beep: 880 Hz for 150 ms at a fifth of full volume, audible without startling. */
const BEEP_HZ = 880;
const BEEP_SECONDS = 0.15;
const BEEP_GAIN = 0.2;

let audio: AudioContext | null = null;

export function beep(): void {
  try {
    audio ??= new AudioContext();
    // A context made before any click starts suspended (autoplay rules); resuming needs one.
    void audio.resume();
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = BEEP_HZ;
    gain.gain.value = BEEP_GAIN;
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + BEEP_SECONDS);
  } catch {
    // No audio device or API: the sound is a courtesy, the list shows the chat anyway.
  }
}

export const notificationsSupported = (): boolean => typeof window !== 'undefined' && 'Notification' in window;

/** Asks for the browser's permission; true when desktop notifications may be shown. */
export async function askNotifications(): Promise<boolean> {
  if (!notificationsSupported()) return false;
  if (Notification.permission === 'granted') return true;
  if (Notification.permission === 'denied') return false;
  return (await Notification.requestPermission()) === 'granted';
}

/** A desktop notification; a click brings the inbox's tab forward. */
export function notify(title: string, body: string, tag: string): void {
  if (!notificationsSupported() || Notification.permission !== 'granted') return;
  const n = new Notification(title, { body, tag });
  n.onclick = () => {
    window.focus();
    n.close();
  };
}
