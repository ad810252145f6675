import { InvalidWeightsError } from './errors.js';
import { roundingFor, type Dtype } from './dtype.js';

/**
 * Computes numpy's default (`method="linear"`) quantile of `values` at `q` in [0, 1]:
 * the sorted values are interpolated at the virtual index `(n - 1) * q`.
 *
 * Arithmetic follows numpy 2.4 for a Python float `q`. The virtual index and the
 * interpolation weight are float64, while the interpolation itself runs in the data's
 * dtype (float32 for a `Float32Array`, float64 otherwise). A weight of 0.5 or more
 * interpolates from the upper neighbour, for symmetry.
 *
 * TODO: numpy 2.0 to 2.3 cast `q` to the data's dtype before computing the index, so
 * for float32 data those versions can differ from this in the last bit.
 */
export function quantile(
  values: Float32Array | Float64Array | readonly number[],
  q: number,
): number {
  if (values.length === 0) {
    throw new InvalidWeightsError('WEIGHTS_EMPTY', 'quantile of an empty array is undefined');
  }
  if (!(q >= 0 && q <= 1)) {
    throw new InvalidWeightsError(
      'WEIGHTS_PARAMETER_INVALID',
      `quantile ${q} is invalid: use a number from 0 to 1`,
    );
  }

  const dtype: Dtype = values instanceof Float32Array ? 'float32' : 'float64';
  const sorted = Float64Array.from(values).sort();
  const last = sorted.length - 1;
  const virtualIndex = last * q;

  if (virtualIndex >= last) {
    return sorted[last]!;
  }
  const below = Math.floor(virtualIndex);
  return interpolate(sorted[below]!, sorted[below + 1]!, virtualIndex - below, dtype);
}

function interpolate(lower: number, upper: number, gamma: number, dtype: Dtype): number {
  const round = roundingFor(dtype);
  const difference = round(upper - lower);
  if (gamma >= 0.5) {
    return round(upper - round(difference * round(1 - gamma)));
  }
  return round(lower + round(difference * round(gamma)));
}
