import type { BranchEvent } from '../../main/wire/schemas.js';
import { callAnnouncement, callToAnnounce, CHIME_CLIP, type CallToAnnounce, type PhraseForm } from './announcement-phrase.js';
import { AnnouncementQueue } from './announcement-queue.js';
import { scheduleAnnouncement, type ScheduledClip } from './announcement-schedule.js';

/**
 * Speaks each call in the lobby from recorded word clips (renderer/public/audio, made by
 * scripts/generate-announcer-clips.sh) on the Web Audio clock. The browser's speechSynthesis is
 * not used: on Linux Chromium and Electron it has no voices without speech-dispatcher, and hangs.
 *
 * Every clip is decoded once at start. Calls are spoken one at a time, in the order they arrive,
 * shortened while others wait (announcement-queue.ts); each turn's clips are placed on the audio
 * clock back to back, so announcements never overlap.
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
  call: CallToAnnounce;
  /** What is (or will be) said; a queued call's words are chosen when its turn comes. */
  text: string;
  form: PhraseForm;
  status: AnnouncementStatus;
  /** On the AudioContext clock, in seconds: when the call reached the page (and the board); null when it was not played. */
  heard: number | null;
  /** When it starts (its chime, if it opened a run) and ends; null until its turn is chosen, or when it was not played. */
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
  #queue = new AnnouncementQueue<LoggedAnnouncement>();
  #turnTimer: ReturnType<typeof setTimeout> | null = null;
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
    const heard = callToAnnounce(event);
    if (!heard) return;
    this.log.push({
      id: this.#nextId++,
      ticketId: heard.ticketId,
      recall: heard.recall,
      call: heard.call,
      text: callAnnouncement(heard.call).text,
      form: 'full',
      status: 'queued',
      heard: null,
      start: null,
      end: null,
      clipCount: 0,
      missing: [],
    });
    // Never drop one still to be spoken: the board keeps showing a call until it was announced.
    const excess = this.log.length - LOG_LIMIT;
    if (excess > 0) {
      const done = this.log.slice(0, excess).filter((a) => a.status === 'spoken' || a.status === 'silent');
      this.log = this.log.filter((a) => !done.includes(a));
    }
    const entry = this.log[this.log.length - 1]!;

    const context = this.#context;
    if (!context || !isRunning(context) || this.#buffers.size === 0) {
      // A call missed while sound was off is not spoken later, out of turn: the board still shows it.
      entry.status = 'silent';
      return;
    }
    entry.heard = context.currentTime;
    const chimeAt = this.#queue.arrive(entry, context.currentTime);
    if (chimeAt !== null) {
      const chime = scheduleAnnouncement([{ clip: CHIME_CLIP }], chimeAt, (clip) => this.#buffers.get(clip)?.duration);
      this.#play(chime.clips);
      this.#queue.scheduled(chime.end);
      entry.start = chimeAt;
      entry.clipCount = chime.clips.length;
      entry.missing = chime.missing;
      this.#at(chimeAt, () => (entry.status = 'speaking'));
    }
    this.#awaitTurn();
  }

  /** Chooses the next turn's words just before the voice is free. */
  #awaitTurn(): void {
    const at = this.#queue.decideAt();
    if (this.#turnTimer !== null || at === null) return;
    this.#turnTimer = this.#at(at, () => {
      this.#turnTimer = null;
      this.#speakNext();
      this.#awaitTurn();
    });
  }

  #speakNext(): void {
    const context = this.#context!;
    if (!isRunning(context)) {
      for (const entry of this.#queue.drop()) entry.status = 'silent';
      return;
    }
    const turn = this.#queue.nextTurn(context.currentTime);
    if (!turn) return;
    const entry = turn.item;
    const phrase = callAnnouncement(entry.call, turn.form);
    const schedule = scheduleAnnouncement(phrase.parts, turn.startAt, (clip) => this.#buffers.get(clip)?.duration);
    this.#play(schedule.clips);
    this.#queue.scheduled(schedule.end);
    entry.text = phrase.text;
    entry.form = turn.form;
    entry.start ??= schedule.start;
    entry.end = schedule.end;
    entry.clipCount += schedule.clips.length;
    entry.missing = [...entry.missing, ...schedule.missing];
    if (!turn.afterChime) this.#at(schedule.start, () => (entry.status = 'speaking'));
    this.#at(schedule.end, () => (entry.status = 'spoken'));
  }

  #play(clips: readonly ScheduledClip[]): void {
    const context = this.#context!;
    for (const clip of clips) {
      const source = context.createBufferSource();
      source.buffer = this.#buffers.get(clip.clip)!;
      source.connect(context.destination);
      source.start(clip.start);
    }
  }

  /** Runs `action` when the audio clock reaches `time`. */
  #at(time: number, action: () => void): ReturnType<typeof setTimeout> {
    const delayMs = Math.max(0, (time - this.#context!.currentTime) * 1000);
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      action();
    }, delayMs);
    this.#timers.add(timer);
    return timer;
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
