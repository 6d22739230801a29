/** The package ships no typings; these are the two functions it exports (see its lib.js). */
declare module 'heic-decode' {
  export interface DecodedHeic {
    width: number;
    height: number;
    /** RGBA, 4 bytes a pixel, rows top to bottom. */
    data: Uint8ClampedArray;
  }
  export interface HeicImage {
    /** Declared size, read without decoding pixels. */
    width: number;
    height: number;
    decode(): Promise<DecodedHeic>;
  }
  function decode(input: { buffer: Uint8Array | ArrayBuffer }): Promise<DecodedHeic>;
  namespace decode {
    /** Every top-level image; `dispose()` frees the decoder (it is not enumerable). */
    function all(input: { buffer: Uint8Array | ArrayBuffer }): Promise<HeicImage[] & { dispose(): void }>;
  }
  export default decode;
}
