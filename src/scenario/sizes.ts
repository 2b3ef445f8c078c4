/**
 * Message sizes (`64B`, `1KB`, `1.5MB`, `4KiB`) and bandwidths (`10Mbit/s`, `1MB/s`, `100kbit/ms`,
 * `1Gbps`) for `link` steps. Inside lightcone a size is a number of bytes and a bandwidth a number of
 * bytes per millisecond. Decimal prefixes are powers of 1000 (as network rates are quoted); `KiB`,
 * `MiB`, `GiB` are powers of 1024. `B` is a byte and `bit` a bit: `1MB/s` is eight times `1Mbit/s`.
 */
import { didYouMeanHint, expectedFound, quote } from './messages.js';
import { isTimeUnit, toMs, TIME_UNITS, UnitError } from './units.js';

export const SIZE = 'a size in bytes such as 64B, 1KB or 1.5MB';
export const BANDWIDTH = 'a bandwidth such as 10Mbit/s or 1MB/s';

/** Bytes in one unit of size. */
const BYTES: Record<string, number> = {
  B: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
};

/** Bytes in one unit of data, for bandwidths (bits count one eighth of a byte). */
const DATA: Record<string, number> = {
  ...BYTES,
  bit: 1 / 8,
  kbit: 1e3 / 8,
  Kbit: 1e3 / 8,
  Mbit: 1e6 / 8,
  Gbit: 1e9 / 8,
};

/** `10Mbps` is `10Mbit/s`. */
const PER_SECOND: Record<string, string> = { bps: 'bit', kbps: 'kbit', Kbps: 'kbit', Mbps: 'Mbit', Gbps: 'Gbit' };

const NUMBER = String.raw`(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?`;
const QUANTITY = new RegExp(String.raw`^\s*(-?${NUMBER})\s*([A-Za-z]*)\s*$`);
const PER = new RegExp(String.raw`^\s*(-?${NUMBER})\s*([A-Za-z]*)\s*/\s*([A-Za-z]*)\s*$`);

/** What a size looks like (for the JSON schema). */
export const SIZE_PATTERN = `^${NUMBER} *(${Object.keys(BYTES).join('|')})$`;
/** What a bandwidth looks like (for the JSON schema). */
export const BANDWIDTH_PATTERN =
  `^${NUMBER} *((${Object.keys(DATA).join('|')}) */ *(${TIME_UNITS.join('|')})|${Object.keys(PER_SECOND).join('|')})$`;

/** A unit a user may have meant: `kb` is `KB` for a size, and `mb/s` is ambiguous between bytes and bits. */
function unitHint(unit: string, known: readonly string[], bits: boolean): string | undefined {
  if (bits && /^[kmg]b$/i.test(unit)) {
    const prefix = unit[0].toLowerCase() === 'k' ? 'k' : unit[0].toUpperCase();
    return `did you mean ${quote(unit[0].toUpperCase() + 'B')} (bytes) or ${quote(prefix + 'bit')} (bits)?`;
  }
  const upper = unit.toUpperCase();
  if (!bits && upper !== unit && Object.hasOwn(BYTES, upper)) return `did you mean ${quote(upper)}? (B is a byte)`;
  return didYouMeanHint(unit, known);
}

/** Parses a size such as `1KB` or `64B` into bytes (a number of 0 or more). Throws UnitError. */
export function parseSize(value: unknown): number {
  if (typeof value !== 'string') {
    const hint = typeof value === 'number' ? `did you mean "${value}B"?` : undefined;
    throw new UnitError(expectedFound(SIZE, value), hint);
  }
  const m = QUANTITY.exec(value);
  if (m === null) throw new UnitError(expectedFound(SIZE, value));
  const [, number, unit] = m;
  if (unit === '') throw new UnitError(expectedFound(SIZE, value), `did you mean "${number}B"?`);
  if (!Object.hasOwn(BYTES, unit)) {
    throw new UnitError(`unknown size unit ${quote(unit)} in ${quote(value)}; expected one of: ${Object.keys(BYTES).join(', ')}`, unitHint(unit, Object.keys(BYTES), false));
  }
  const n = Number(number);
  if (n < 0) throw new UnitError(expectedFound('a size of 0 or more', value));
  const bytes = n * BYTES[unit];
  if (!Number.isFinite(bytes)) throw new UnitError(expectedFound('a finite size', value), 'it is more bytes than a number can hold (about 1.8e308)');
  return bytes;
}

/** Parses a bandwidth such as `10Mbit/s` into bytes per millisecond (> 0). Throws UnitError. */
export function parseBandwidth(value: unknown): number {
  if (typeof value !== 'string') {
    const hint = typeof value === 'number' ? `did you mean "${value}Mbit/s"?` : undefined;
    throw new UnitError(expectedFound(BANDWIDTH, value), hint);
  }
  let number: string;
  let data: string;
  let time: string;
  const per = PER.exec(value);
  if (per !== null) {
    [, number, data, time] = per;
  } else {
    const q = QUANTITY.exec(value);
    if (q === null || !Object.hasOwn(PER_SECOND, q[2])) {
      const hint = q !== null && Object.hasOwn(DATA, q[2]) ? `a bandwidth is data per unit of time: did you mean "${value.trim()}/s"?` : undefined;
      throw new UnitError(expectedFound(BANDWIDTH, value), hint);
    }
    [number, data, time] = [q[1], PER_SECOND[q[2]], 's'];
  }
  if (!Object.hasOwn(DATA, data)) {
    const units = Object.keys(DATA);
    throw new UnitError(
      `unknown data unit ${quote(data)} in ${quote(value)}; expected one of: ${units.join(', ')}`,
      unitHint(data, units, true),
    );
  }
  if (!isTimeUnit(time)) {
    throw new UnitError(`unknown unit ${quote(time)} in ${quote(value)}; expected one of: ${TIME_UNITS.join(', ')}`, didYouMeanHint(time, TIME_UNITS));
  }
  const n = Number(number);
  if (!(n > 0)) throw new UnitError(expectedFound('a bandwidth greater than 0', value));
  const bytesPerMs = (n * DATA[data]) / toMs(1, time);
  if (!Number.isFinite(bytesPerMs)) throw new UnitError(expectedFound('a finite bandwidth', value), 'it is more bytes per millisecond than a number can hold (about 1.8e308)');
  // The time to send a byte, 1 / bandwidth, must be a duration too: a bandwidth that underflows is 0.
  if (!(bytesPerMs > 0) || !Number.isFinite(1 / bytesPerMs)) {
    throw new UnitError(`expected a bandwidth greater than 0; found ${quote(value)}, too small to tell from 0`, 'the time to send one byte would be longer than any duration');
  }
  return bytesPerMs;
}
