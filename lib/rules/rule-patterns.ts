/**
 * `matches` patterns: RE2 syntax on the linear-time re2js engine (no backtracking, so no pattern can make a
 * sign-in take exponential time), validated before saving and scanned many at a time when evaluating.
 */
import { RE2JS, RE2JSException, RE2JSSyntaxException, RE2Set } from 're2js';
import { MAX_PATTERN_LENGTH } from './rule-schemas';

/**
 * Values longer than this are tested on their first MAX_TESTED_VALUE_LENGTH characters followed by
 * TRUNCATION_MARK, so `$` and `\z` do not match where the value was cut (`a+$` must not hold for
 * "aaa…a!" just because the "!" lies past the cut).
 */
export const MAX_TESTED_VALUE_LENGTH = 4096;
/** A Unicode noncharacter: no attribute value is meant to hold it. */
const TRUNCATION_MARK = '\uFFFF';

/**
 * Matching time is linear in value length × program size, and counted repetitions multiply the program
 * (`(.*a){300}` is 1,500 instructions in 10 characters): a bound keeps one test in the low milliseconds even
 * on a cold automaton. Real patterns (an email shape, `^(eng|ops)-[0-9]{2,4}$`) are 10–150.
 */
export const MAX_PATTERN_PROGRAM_SIZE = 1000;

/**
 * Patterns on one attribute are matched together, one automaton pass per value instead of one per pattern
 * (a thousand distinct patterns cost about as much as a few). Past a hundred or so per automaton its lazily
 * built states outgrow the memory bound and the engine falls back to a slow simulation, so they are chunked.
 */
const PATTERNS_PER_SET = 100;
const SET_MEMORY_BYTES = 1 << 20;

const LOOKAROUND = /\(\?<?[=!]/;
const BACK_REFERENCE = /\\(?:[1-9]|k<)/;

function withFlags(pattern: string, caseSensitive: boolean): string {
  const normalized = pattern.normalize('NFC');
  return caseSensitive ? normalized : `(?i)${normalized}`;
}

/** Why a pattern cannot be saved, in words for the admin; null when it is fine. */
export function describePatternProblem(pattern: string): string | null {
  if (pattern.length > MAX_PATTERN_LENGTH) return `it is longer than ${MAX_PATTERN_LENGTH} characters`;
  let regex: RE2JS;
  try {
    // The syntax does not depend on the case flag, and without it the engine quotes the pattern as written.
    regex = RE2JS.compile(pattern.normalize('NFC'));
  } catch (error) {
    if (!(error instanceof RE2JSException)) throw error;
    if (LOOKAROUND.test(pattern)) return 'lookahead and lookbehind, e.g. (?=…), are not supported';
    if (BACK_REFERENCE.test(pattern)) return 'back-references, e.g. \\1, are not supported';
    if (error instanceof RE2JSSyntaxException) {
      const fragment = error.getPattern();
      return fragment ? `${error.getDescription()} (at "${fragment}")` : error.getDescription();
    }
    return error.message;
  }
  if (programSize(regex) > MAX_PATTERN_PROGRAM_SIZE) {
    return 'it is too complex (counted repetitions such as {100} multiply its size); simplify it';
  }
  return null;
}

/** The engine's instruction count (declared in its types, though not in its documentation). */
function programSize(regex: RE2JS): number {
  const re2 = regex.re2Input as { numberOfInstructions?: () => unknown };
  const size = typeof re2.numberOfInstructions === 'function' ? re2.numberOfInstructions() : 0;
  return typeof size === 'number' ? size : 0;
}

/** Calls `onMatch(id)` for every pattern that matches at least one of the values (possibly more than once). */
export type PatternScan = (values: readonly string[], onMatch: (id: number) => void) => void;

/**
 * Collects the patterns of one attribute; `add` gives each a dense id (or null when it does not parse:
 * such a rule never holds), `finish` compiles them into a scan.
 */
export function createPatternScanBuilder(): { add(pattern: string, caseSensitive: boolean): number | null; finish(): PatternScan } {
  const chunks: { set: RE2Set; ids: number[]; patterns: string[] }[] = [];
  let next = 0;
  return {
    add(pattern, caseSensitive) {
      if (pattern.length > MAX_PATTERN_LENGTH) return null;
      let chunk = chunks.at(-1);
      if (!chunk || chunk.ids.length >= PATTERNS_PER_SET) {
        chunk = { set: new RE2Set(RE2Set.UNANCHORED, 0, SET_MEMORY_BYTES), ids: [], patterns: [] };
        chunks.push(chunk);
      }
      const flagged = withFlags(pattern, caseSensitive);
      try {
        chunk.set.add(flagged);
      } catch (error) {
        if (error instanceof RE2JSException) return null;
        throw error;
      }
      const id = next++;
      chunk.ids.push(id);
      chunk.patterns.push(flagged);
      return id;
    },
    finish() {
      const sets: { set: RE2Set; ids: number[] }[] = [];
      const singles: { regex: RE2JS; id: number }[] = [];
      for (const chunk of chunks) {
        if (chunk.ids.length === 0) continue;
        try {
          chunk.set.compile();
          sets.push(chunk);
        } catch (error) {
          // Only patterns saved before a limit existed could make a set too large: match those one by one.
          if (!(error instanceof RE2JSException)) throw error;
          chunk.patterns.forEach((pattern, index) => {
            const id = chunk.ids[index];
            if (id !== undefined) singles.push({ regex: RE2JS.compile(pattern), id });
          });
        }
      }
      return (values, onMatch) => {
        for (const raw of values) {
          const value = raw.length > MAX_TESTED_VALUE_LENGTH ? raw.slice(0, MAX_TESTED_VALUE_LENGTH) + TRUNCATION_MARK : raw;
          for (const { set, ids } of sets) {
            for (const index of set.match(value)) {
              const id = ids[index];
              if (id !== undefined) onMatch(id);
            }
          }
          for (const { regex, id } of singles) if (regex.test(value)) onMatch(id);
        }
      };
    },
  };
}
