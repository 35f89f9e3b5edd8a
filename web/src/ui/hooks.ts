// The two hooks every screen uses: load something from the API, and submit
// a form to it.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { newIdempotencyKey } from '../api';

/** Loaded is what useLoad gives: the data, the problem, and a way to load again. */
export interface Loaded<T> {
  data?: T;
  problem?: unknown;
  loading: boolean;
  reload: () => void;
  set: (data: T) => void;
}

/**
 * useLoad calls load when deps change and keeps the latest answer. When
 * deps change it forgets the answer to the old ones (the request page of
 * one id never shows another's, whose buttons would act on it); a reload
 * of the same deps keeps showing the answer until the new one arrives.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; problem?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const shown = useRef<unknown[]>(deps);
  useEffect(() => {
    let live = true;
    const same = deps.length === shown.current.length && deps.every((d, i) => Object.is(d, shown.current[i]));
    shown.current = deps;
    setState((s) => ({ data: same ? s.data : undefined, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (problem) => live && setState({ problem, loading: false }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  return {
    ...state,
    reload: useCallback(() => setTick((t) => t + 1), []),
    set: useCallback((data: T) => setState({ data, loading: false }), []),
  };
}

/** Submission is a form's submit state. */
export interface Submission {
  pending: boolean;
  problem?: unknown;
  /** run sends one submission: it does nothing while one is in flight (a double click makes one request). */
  run: (send: (idempotencyKey: string) => Promise<void>) => Promise<void>;
  clear: () => void;
}

/**
 * useSubmission guards a form: one submission at a time, and one
 * Idempotency-Key per submission, kept when it fails (so a retry after a
 * lost answer or a 503 is the same submission) and replaced once it
 * succeeds.
 */
export function useSubmission(): Submission {
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  const inFlight = useRef(false);
  const key = useRef(newIdempotencyKey());
  const run = useCallback(async (send: (k: string) => Promise<void>) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setPending(true);
    setProblem(undefined);
    try {
      await send(key.current);
      key.current = newIdempotencyKey();
    } catch (p) {
      setProblem(p);
    } finally {
      inFlight.current = false;
      setPending(false);
    }
  }, []);
  return { pending, problem, run, clear: useCallback(() => setProblem(undefined), []) };
}
