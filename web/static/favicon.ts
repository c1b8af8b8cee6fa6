// The site's icon, served at /favicon.svg: three bars of unequal height, the header's colours, no text (no font to load).
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b2e4f"/><rect x="6" y="18" width="5" height="8" fill="#ffffff"/><rect x="13.5" y="12" width="5" height="14" fill="#ffdd00"/><rect x="21" y="6" width="5" height="20" fill="#ffffff"/></svg>
`;
