/**
 * A still of a document from the booth's own camera at its full resolution: ImageCapture's photo
 * where the browser has it, else a frame of the local camera track. Never a frame of the call,
 * which the camera's picture reaches scaled down and compressed.
 */

interface PhotoCapabilities {
  imageWidth?: { max: number };
  imageHeight?: { max: number };
}

/** ImageCapture as Chromium has it: TypeScript's DOM library lacks grabFrame and the photo capabilities. */
interface ImageCaptureApi {
  getPhotoCapabilities(): Promise<PhotoCapabilities>;
  takePhoto(settings?: { imageWidth?: number; imageHeight?: number }): Promise<Blob>;
  grabFrame(): Promise<ImageBitmap>;
}
type ImageCaptureConstructor = new (track: MediaStreamTrack) => ImageCaptureApi;

export interface Still {
  jpeg: Blob;
  width: number;
  height: number;
}

const JPEG_QUALITY = 0.92;

async function photoOf(capture: ImageCaptureApi): Promise<ImageBitmap | null> {
  try {
    const caps = await capture.getPhotoCapabilities();
    const size = caps.imageWidth?.max && caps.imageHeight?.max ? { imageWidth: caps.imageWidth.max, imageHeight: caps.imageHeight.max } : undefined;
    return await createImageBitmap(await capture.takePhoto(size));
  } catch {
    return null;
  }
}

/** A frame of the track through a video element: where ImageCapture is missing. */
async function frameThroughVideo(track: MediaStreamTrack): Promise<ImageBitmap> {
  const video = document.createElement('video');
  video.muted = true;
  video.srcObject = new MediaStream([track]);
  await video.play();
  try {
    return await createImageBitmap(video);
  } finally {
    video.srcObject = null;
  }
}

export async function takeStill(track: MediaStreamTrack): Promise<Still> {
  const Capture = (globalThis as unknown as { ImageCapture?: ImageCaptureConstructor }).ImageCapture;
  const capture = Capture ? new Capture(track) : null;
  const trackWidth = track.getSettings().width ?? 0;
  let image = capture ? await photoOf(capture) : null;
  // Some cameras take photos smaller than their video: the larger picture wins.
  if (!image || image.width < trackWidth) {
    image?.close();
    image = capture ? await capture.grabFrame().catch(() => frameThroughVideo(track)) : await frameThroughVideo(track);
  }
  const canvas = new OffscreenCanvas(image.width, image.height);
  canvas.getContext('2d')!.drawImage(image, 0, 0);
  const jpeg = await canvas.convertToBlob({ type: 'image/jpeg', quality: JPEG_QUALITY });
  const still = { jpeg, width: image.width, height: image.height };
  image.close();
  return still;
}

/** The JPEG as base64, the way the hub takes it. */
export async function base64Of(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
