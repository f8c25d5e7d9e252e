import type { Attachment } from 'svelte/attachments';

/** Plays a camera or call stream in a <video>: `{@attach playing(stream)}`. */
export function playing(stream: MediaStream | null): Attachment<HTMLVideoElement> {
  return (video) => {
    if (video.srcObject !== stream) video.srcObject = stream;
    // Autoplay may be refused until a touch on a plain browser; the booth's shell allows it.
    if (stream) void video.play().catch(() => undefined);
  };
}
