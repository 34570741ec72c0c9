/**
 * A seeded pseudo-random number generator, so that every bootstrap and every
 * synthetic fixture is reproducible from its seed.
 *
 * The generator is xoshiro128** 1.1 (Blackman & Vigna, 2018): 128 bits of
 * state, period 2^128 − 1, passes BigCrush, and needs only 32-bit integer
 * arithmetic, which V8 runs without allocation. The state is filled from the
 * seed with SplitMix32 (a Weyl sequence through MurmurHash3's fmix32
 * finaliser) so that nearby seeds give unrelated streams.
 *
 * @module
 */

/** A seeded source of uniform and normal random numbers. */
export interface Random {
  /** A uniform integer in [0, 2^32). */
  nextUint32(): number;
  /** A uniform float in [0, 1) with 32 bits of randomness. */
  next(): number;
  /** A uniform integer in [0, n), for 1 ≤ n ≤ 2^32. */
  nextInt(n: number): number;
  /**
   * Fills `out` with uniform integers in [0, n), for 1 ≤ n ≤ 2^31. The same
   * stream as calling {@link Random.nextInt} `out.length` times, but with the
   * generator's state in registers: resampling spends most of its time here.
   */
  fillIndices(out: Int32Array, n: number): void;
  /** A standard normal variate (Box–Muller; the pair's second value serves the next call). */
  nextNormal(): number;
}

const TWO_POW_32 = 4294967296;

function splitMix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Creates a xoshiro128** generator from an integer seed.
 *
 * @param seed any integer; only its low 32 bits are used (negative seeds and
 *   seeds above 2^32 are folded into that range)
 * @returns a generator whose stream depends only on the seed
 *
 * @example
 * ```ts
 * import { createRandom } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * const a = createRandom(42), b = createRandom(42);
 * assertEquals(a.next(), b.next());
 * ```
 */
export function createRandom(seed: number): Random {
  if (!Number.isFinite(seed)) {
    throw new RangeError(`seed must be a finite integer, got ${seed}`);
  }
  const fill = splitMix32(Math.trunc(seed) % TWO_POW_32);
  let s0 = fill(), s1 = fill(), s2 = fill(), s3 = fill();
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1; // the all-zero state is a fixed point
  let spareNormal = NaN;

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
  const next = (): number => nextUint32() / TWO_POW_32;
  const fillIndices = (out: Int32Array, n: number): void => {
    let a = s0, b = s1, c = s2, d = s3;
    for (let i = 0; i < out.length; i++) {
      const x = Math.imul(b, 5);
      const result = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
      const t = b << 9;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= t;
      d = (d << 11) | (d >>> 21);
      // The typed-array store truncates towards zero, i.e. floors.
      out[i] = (result / TWO_POW_32) * n;
    }
    s0 = a;
    s1 = b;
    s2 = c;
    s3 = d;
  };
  return {
    nextUint32,
    next,
    fillIndices,
    // Multiply-shift keeps the bias below n / 2^32, negligible for the sample
    // sizes a benchmark produces (< 2^24), and avoids a division per draw.
    nextInt: (n: number): number => Math.floor(next() * n),
    nextNormal: (): number => {
      if (!Number.isNaN(spareNormal)) {
        const z = spareNormal;
        spareNormal = NaN;
        return z;
      }
      let u = 0;
      while (u === 0) u = next();
      const radius = Math.sqrt(-2 * Math.log(u));
      const angle = 2 * Math.PI * next();
      spareNormal = radius * Math.sin(angle);
      return radius * Math.cos(angle);
    },
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * A uniformly random order of 0…n−1 (Fisher–Yates), drawn from `random`.
 *
 * @param n how many
 * @param random the stream to draw from
 * @returns the order
 *
 * @example
 * ```ts
 * import { createRandom, permutation } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * const order = permutation(5, createRandom(1));
 * assertEquals([...order].sort(), [0, 1, 2, 3, 4]);
 * assertEquals(order, permutation(5, createRandom(1)));
 * ```
 */
export function permutation(
  n: number,
  random: { nextInt(n: number): number },
): number[] {
  const out = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = random.nextInt(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
