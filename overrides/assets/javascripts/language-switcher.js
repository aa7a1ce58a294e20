/**
 * The language switcher: the same article in the other language, at the same fragment.
 *
 * Material renders the switcher in the header, which instant navigation keeps as the
 * first page rendered it, while it swaps the <head> with each page, hreflang
 * alternates included: the switcher takes its links from those. Switching is a full
 * page load, not an instant swap: the other language has its own <html lang>, header
 * and search index.
 */

const SWITCHER_LINK = "a.md-select__link[hreflang]"

/** Return the current page in `lang` (from its hreflang alternate), on this origin. */
function alternateFor(lang) {
  const alternate = document.head.querySelector(
    `link[rel="alternate"][hreflang="${CSS.escape(lang)}"]`)
  if (!alternate)
    return undefined
  // The alternates are absolute (site_url): keep a preview on another host or port on it.
  const url = new URL(alternate.href)
  url.protocol = location.protocol
  url.host = location.host
  return url
}

document$.subscribe(() => {
  for (const link of document.querySelectorAll(SWITCHER_LINK)) {
    const url = alternateFor(link.hreflang)
    if (url)
      link.href = url.href
  }
})

/** Keep the reader's place (the fragment) and leave the page to the browser. */
function switchLanguage(event) {
  const link = event.target instanceof Element && event.target.closest(SWITCHER_LINK)
  if (!link)
    return
  link.hash = location.hash
  // NOTE: Material's instant navigation listens on <body>: stopped here, the click
  // is left to the browser, which loads the other language's page in full.
  event.stopPropagation()
}

document.addEventListener("click", switchLanguage, { capture: true })
document.addEventListener("auxclick", switchLanguage, { capture: true })
