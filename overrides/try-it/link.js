// A panel's scenario in the page's address: #try-it-1=<base64url of its JSON>, by
// the panel's id, which is the same in every language (the same panels in the same
// order), so that a link can be shared, or carried to the page in another language.

const MAX_FRAGMENT_LENGTH = 8192;
const fragmentKey = (panelId) => `${panelId}=`;

// Returns the fragment (without "#") that holds `scenario` for the panel `panelId`;
// the scenario's locale is left out: the page's language is the reader's.
export function encodeFragment(panelId, scenario) {
  const { locale, ...shared } = scenario;
  const bytes = new TextEncoder().encode(JSON.stringify(shared));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return fragmentKey(panelId) + btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

// Returns the scenario object the address's `hash` holds for the panel `panelId`,
// null if it holds none, or throws: the link is broken.
export function decodeFragment(panelId, hash) {
  const fragment = hash.startsWith("#") ? hash.slice(1) : hash;
  if (!fragment.startsWith(fragmentKey(panelId))) return null;
  const encoded = fragment.slice(fragmentKey(panelId).length);
  if (encoded.length > MAX_FRAGMENT_LENGTH || !/^[A-Za-z0-9_-]*$/.test(encoded)) {
    throw new Error("not base64url");
  }
  const binary = atob(encoded.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  const value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("not an object");
  return value;
}
