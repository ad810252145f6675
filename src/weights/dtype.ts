/**
 * The numpy dtype a computation runs in. The array type carries it, as in numpy:
 * `Float32Array` is float32, `Float64Array` is float64.
 */
export type Dtype = 'float32' | 'float64';

export type FloatArray = Float32Array | Float64Array;

/** Rounds a float64 result to the dtype, as numpy stores the result of each operation. */
export function roundingFor(dtype: Dtype): (x: number) => number {
  return dtype === 'float32' ? Math.fround : (x) => x;
}

export function dtypeOf(values: FloatArray): Dtype {
  return values instanceof Float32Array ? 'float32' : 'float64';
}

export function arrayOf(dtype: Dtype, values: ArrayLike<number>): FloatArray {
  return dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values);
}

/**
 * Returns the largest element, or -Infinity for none. A loop, because spreading a long
 * array into Math.max can overflow the call stack.
 */
export function maxValue(values: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    max = Math.max(max, values[i]!);
  }
  return max;
}

/**
 * Sums like numpy's `add.reduce` on a contiguous 1-D array: blocks of up to 128
 * elements use eight interleaved accumulators, longer runs are split in halves at a
 * multiple of 8, and every addition rounds to the dtype.
 *
 * NOTE: when numpy buffers, it hands the loop at most one iterator buffer (8192
 * elements) at a time. Arrays that long are far beyond any subnet size and were not
 * checked against numpy.
 */
export function pairwiseSum(values: ArrayLike<number>, dtype: Dtype): number {
  return sumRange(values, 0, values.length, roundingFor(dtype));
}

function sumRange(
  values: ArrayLike<number>,
  start: number,
  count: number,
  round: (x: number) => number,
): number {
  if (count < 8) {
    let sum = -0;
    for (let i = 0; i < count; i++) {
      sum = round(sum + values[start + i]!);
    }
    return sum;
  }

  if (count <= 128) {
    const partial: number[] = [];
    for (let j = 0; j < 8; j++) {
      partial.push(values[start + j]!);
    }
    let i = 8;
    for (; i < count - (count % 8); i += 8) {
      for (let j = 0; j < 8; j++) {
        partial[j] = round(partial[j]! + values[start + i + j]!);
      }
    }
    const [p0, p1, p2, p3, p4, p5, p6, p7] = partial as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const low = round(round(p0 + p1) + round(p2 + p3));
    const high = round(round(p4 + p5) + round(p6 + p7));
    let sum = round(low + high);
    for (; i < count; i++) {
      sum = round(sum + values[start + i]!);
    }
    return sum;
  }

  let half = Math.floor(count / 2);
  half -= half % 8;
  const left = sumRange(values, start, half, round);
  const right = sumRange(values, start + half, count - half, round);
  return round(left + right);
}
