import jsQR from "jsqr";

/**
 * The phone's back camera, read continuously for QR codes: the browser's own BarcodeDetector
 * where it has one with QR support (Android Chrome, Safari 17+ on macOS), else jsQR on canvas
 * frames. jsQR is bundled, not loaded on demand, so the installed scanner decodes offline
 * even if the camera was never started online.
 */
export type CameraFailure = "denied" | "no-camera" | "unsupported" | "failed";

export class CameraError extends Error {
  constructor(
    readonly failure: CameraFailure,
    message: string,
  ) {
    super(message);
  }
}

type Detector = { detect(source: CanvasImageSource): Promise<{ rawValue: string }[]> };
type DetectorClass = {
  new (options: { formats: string[] }): Detector;
  getSupportedFormats(): Promise<string[]>;
};

/** Reads a frame every FRAME_MS: quick enough to feel instant, light enough for an old phone. */
const FRAME_MS = 120;
/** jsQR's cost grows with pixels; a badge held at the door is large in the frame. */
const MAX_DECODE_SIDE = 800;

async function nativeDetector(): Promise<Detector | null> {
  const Native = (window as { BarcodeDetector?: DetectorClass }).BarcodeDetector;
  if (!Native) return null;
  try {
    return (await Native.getSupportedFormats()).includes("qr_code") ? new Native({ formats: ["qr_code"] }) : null;
  } catch {
    return null;
  }
}

function canvasDecoder() {
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  return (video: HTMLVideoElement): string | null => {
    if (!context || !video.videoWidth) return null;
    const scale = Math.min(1, MAX_DECODE_SIDE / Math.max(video.videoWidth, video.videoHeight));
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    const frame = context.getImageData(0, 0, canvas.width, canvas.height);
    return jsQR(frame.data, frame.width, frame.height, { inversionAttempts: "dontInvert" })?.data ?? null;
  };
}

function failureOf(error: unknown): CameraError {
  const name = error instanceof DOMException || error instanceof Error ? error.name : "";
  if (name === "NotAllowedError" || name === "SecurityError")
    return new CameraError(
      "denied",
      "Camera access is blocked. Allow the camera for this site in the browser's settings, or search by name below.",
    );
  if (name === "NotFoundError" || name === "OverconstrainedError" || name === "NotReadableError")
    return new CameraError("no-camera", "No camera is available on this device. Search by name below.");
  return new CameraError("failed", "The camera could not start. Search by name below, or try again.");
}

export type RunningCamera = { decoder: "BarcodeDetector" | "jsQR"; stop(): void };

/** Starts the camera into `video` and calls `onText` with every QR text seen, until stop(). */
export async function startCamera(video: HTMLVideoElement, onText: (text: string) => void): Promise<RunningCamera> {
  if (!navigator.mediaDevices?.getUserMedia)
    throw new CameraError("unsupported", "This browser can't use the camera here (it needs HTTPS). Search by name below.");
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
  } catch (error) {
    throw failureOf(error);
  }
  video.srcObject = stream;
  video.muted = true;
  video.playsInline = true;
  await video.play().catch(() => undefined);

  const native = await nativeDetector();
  const readCanvas = native ? null : canvasDecoder();
  let stopped = false;
  let timer: number | undefined;
  const read = async () => {
    if (stopped) return;
    if (video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) {
      try {
        const text = native ? ((await native.detect(video))[0]?.rawValue ?? null) : readCanvas?.(video);
        if (text && !stopped) onText(text);
      } catch {
        // A frame that can't be read (the stream is switching) is skipped.
      }
    }
    if (!stopped) timer = window.setTimeout(read, FRAME_MS);
  };
  void read();

  return {
    decoder: native ? "BarcodeDetector" : "jsQR",
    stop() {
      stopped = true;
      window.clearTimeout(timer);
      for (const track of stream.getTracks()) track.stop();
      video.srcObject = null;
    },
  };
}
