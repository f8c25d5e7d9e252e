/** Why the camera or microphone could not be opened, for the page to say what a person can do. */
export type CameraProblem = 'blocked' | 'missing' | 'busy' | 'failed';

export function cameraProblem(err: unknown): CameraProblem {
  const name = err instanceof DOMException ? err.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'blocked';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'missing';
  if (name === 'NotReadableError' || name === 'AbortError') return 'busy';
  return 'failed';
}

/**
 * The camera and microphone: the booth asks for full HD (the document stills are taken at the
 * camera's full resolution, the call sends less), the console for a smaller picture of the officer.
 */
export async function openCamera(video: MediaTrackConstraints): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia({
    video,
    audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
  });
}
