/** A labelled split: `count` rows of `inputDim` features, row-major, and integer class labels. */
export interface Split {
  x: Float32Array;
  y: Int32Array;
  count: number;
  inputDim: number;
  classes: number;
}
