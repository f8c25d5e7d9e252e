import type { BranchEvent } from '../../main/wire/schemas.js';
import { announcementFor } from './announcement-phrase.js';
import { nextStartTime, scheduleAnnouncement } from './announcement-schedule.js';

/**
 * Speaks each call in the lobby from recorded word clips (renderer/public/audio, made by
 * scripts/generate-announcer-clips.sh) on the Web Audio clock. The browser's speechSynthesis is
 * not used: on Linux Chromium and Electron it has no voices without speech-dispatcher, and hangs.
 *
 * Every clip is decoded once at start. An announcement is scheduled the moment its call arrives,
 * after the last one already scheduled, so announcements never overlap and keep the calls' order.
 */

export interface ClipManifest {
  format: string;
  sampleRate: number;
  clips: Record<string, { file: string; text: string; seconds: number; bytes: number }>;
}

/** queued: waiting its turn; silent: not played (sound off or no clips), shown on the board only. */
export type AnnouncementStatus = 'queued' | 'speaking' | 'spoken' | 'silent';

export interface LoggedAnnouncement {
  id: number;
  ticketId: string;
  recall: boolean;
  text: string;
  status: AnnouncementStatus;
  /** On the AudioContext clock, in seconds; null when it was not played. */
  start: number | null;
  end: number | null;
  clipCount: number;
  missing: string[];
}

export type ClipsState = 'loading' | 'ready' | 'failed';

const AUDIO_BASE = '/audio/';
const LOG_LIMIT = 20;
const RETRY_MS = 5000;

export class Announcer {
  log = $state<LoggedAnnouncement[]>([]);
  /** False until the browser lets this page make sound (autoplay permission or a tap). */
  soundAllowed = $state(false);
  clips = $state<ClipsState>('loading');
  clipsDecoded = $state(0);
  clipsTotal = $state(0);
  /** Clips that would not load or decode, with why; retried in the background. */
  clipProblems = $state<string[]>([]);
  /** The sentence being spoken now, for the screen reader region. */
  speaking = $derived(this.log.find((a) => a.status === 'speaking')?.text ?? '');

  #context: AudioContext | null = null;
  #manifest: ClipManifest | null = null;
  #buffers = new Map<string, AudioBuffer>();
  #lastEnd: number | null = null;
  #nextId = 1;
  #timers = new Set<ReturnType<typeof setTimeout>>();
  #stopped = false;

  start(): void {
    const context = new AudioContext({ latencyHint: 'playback' });
    this.#context = context;
    context.onstatechange = () => (this.soundAllowed = isRunning(context));
    this.soundAllowed = isRunning(context);
    void this.#loadClips();
  }

  stop(): void {
    this.#stopped = true;
    for (const timer of this.#timers) clearTimeout(timer);
    void this.#context?.close();
  }

  /** Called from a tap: a browser without an autoplay permission starts sound only after one. */
  async enable(): Promise<void> {
    const context = this.#context;
    if (!context || isRunning(context)) return;
    await context.resume();
    this.soundAllowed = isRunning(context);
  }

  /** Takes every event; calls and recalls are announced, in the order they arrive. */
  hear(event: BranchEvent): void {
    const call = announcementFor(event);
    if (!call) return;
    this.log.push({ id: this.#nextId++, ticketId: call.ticketId, recall: call.recall, text: call.phrase.text, status: 'queued', start: null, end: null, clipCount: 0, missing: [] });
    if (this.log.length > LOG_LIMIT) this.log.splice(0, this.log.length - LOG_LIMIT);
    const entry = this.log[this.log.length - 1]!;

    const context = this.#context;
    if (!context || !isRunning(context) || this.#buffers.size === 0) {
      // A call missed while sound was off is not spoken later, out of turn: the board still shows it.
      entry.status = 'silent';
      return;
    }
    const schedule = scheduleAnnouncement(call.phrase.parts, nextStartTime(context.currentTime, this.#lastEnd), (clip) => this.#buffers.get(clip)?.duration);
    for (const clip of schedule.clips) {
      const source = context.createBufferSource();
      source.buffer = this.#buffers.get(clip.clip)!;
      source.connect(context.destination);
      source.start(clip.start);
    }
    this.#lastEnd = schedule.end;
    entry.start = schedule.start;
    entry.end = schedule.end;
    entry.clipCount = schedule.clips.length;
    entry.missing = schedule.missing;
    this.#at(schedule.start, () => (entry.status = 'speaking'));
    this.#at(schedule.end, () => (entry.status = 'spoken'));
  }

  /** Runs `action` when the audio clock reaches `time`. */
  #at(time: number, action: () => void): void {
    const delayMs = Math.max(0, (time - this.#context!.currentTime) * 1000);
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      action();
    }, delayMs);
    this.#timers.add(timer);
  }

  async #loadClips(): Promise<void> {
    const context = this.#context!;
    const problems: string[] = [];
    try {
      this.#manifest ??= await fetchManifest();
      const entries = Object.entries(this.#manifest.clips);
      this.clipsTotal = entries.length;
      await Promise.all(
        entries
          .filter(([key]) => !this.#buffers.has(key))
          .map(async ([key, clip]) => {
            try {
              const response = await fetch(AUDIO_BASE + clip.file);
              if (!response.ok) throw new Error(`the hub answered ${response.status}`);
              this.#buffers.set(key, await context.decodeAudioData(await response.arrayBuffer()));
              this.clipsDecoded = this.#buffers.size;
            } catch (err) {
              problems.push(`${clip.file}: ${err instanceof Error ? err.message : String(err)}`);
            }
          }),
      );
    } catch (err) {
      problems.push(`manifest.json: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.clipProblems = problems;
    this.clips = problems.length === 0 ? 'ready' : 'failed';
    if (problems.length > 0 && !this.#stopped) setTimeout(() => void this.#loadClips(), RETRY_MS);
  }
}

/** A function, so TypeScript does not narrow `state` across an await that changes it. */
function isRunning(context: AudioContext): boolean {
  return context.state === 'running';
}

async function fetchManifest(): Promise<ClipManifest> {
  let response: Response;
  try {
    response = await fetch(`${AUDIO_BASE}manifest.json`);
  } catch {
    throw new Error('the branch hub cannot be reached');
  }
  if (!response.ok) throw new Error(`the hub answered ${response.status}`);
  return (await response.json()) as ClipManifest;
}
