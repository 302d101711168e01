// Rule packs and other text assets are imported as strings so that the bundle carries them.
declare module '*?raw' {
  const text: string;
  export default text;
}
