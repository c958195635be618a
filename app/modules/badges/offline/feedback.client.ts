/**
 * What staff hear and feel, so they need not look at the screen for every person: one high
 * beep and a short buzz to admit, two low beeps and a long double buzz to refuse.
 */
let audio: AudioContext | null = null;

/** Browsers let a page make sound only after a tap: call this from one (Start scanning). */
export function unlockSound() {
  if (typeof AudioContext === "undefined") return;
  audio ??= new AudioContext();
  void audio.resume();
}

function beep(context: AudioContext, frequency: number, startsIn: number, seconds: number) {
  const oscillator = context.createOscillator();
  const gain = context.createGain();
  oscillator.type = "square";
  oscillator.frequency.value = frequency;
  const start = context.currentTime + startsIn;
  // A short ramp avoids the click of a hard start and stop.
  gain.gain.setValueAtTime(0.0001, start);
  gain.gain.exponentialRampToValueAtTime(0.25, start + 0.01);
  gain.gain.exponentialRampToValueAtTime(0.0001, start + seconds);
  oscillator.connect(gain).connect(context.destination);
  oscillator.start(start);
  oscillator.stop(start + seconds + 0.02);
}

export const ADMIT_VIBRATION = [120];
export const REFUSE_VIBRATION = [250, 120, 250];

export function signal(kind: "admit" | "refuse") {
  if (audio?.state === "running") {
    if (kind === "admit") beep(audio, 1568, 0, 0.18);
    else {
      beep(audio, 330, 0, 0.2);
      beep(audio, 330, 0.3, 0.2);
    }
  }
  navigator.vibrate?.(kind === "admit" ? ADMIT_VIBRATION : REFUSE_VIBRATION);
}
