// Amounts and dates written the reader's way, from the locale data the build put
// in the page (the same data, from Babel, that wrote the panel's worked example).
//
// NOTE: not Intl: making the first Intl formatter loads the browser's locale data,
// a single task of some 60 ms on a slow machine, and the panel would then write
// amounts and dates as the browser's ICU does, not as the worked example beside them.
//
// A `formats` object: {decimal, group, grouping: [primary, secondary],
// prefix: [positive, negative], suffix: [positive, negative] (with ¤ for the
// currency's symbol), symbols: {USD: "$", ...}, date: [parts], months: [12 names]}.
// A date part is a literal string, or [field, width] with field "d", "M" or "y".

function grouped(digits, separator, [primary, secondary]) {
  if (!primary || digits.length <= primary) return digits;
  const groups = [digits.slice(-primary)];
  let rest = digits.slice(0, -primary);
  const size = secondary || primary;
  while (rest.length > size) {
    groups.unshift(rest.slice(-size));
    rest = rest.slice(0, -size);
  }
  groups.unshift(rest);
  return groups.join(separator);
}

// Returns a contract amount ("1234.50", with the currency's own digits) for people.
export function formatAmount(amount, currency, formats) {
  const isNegative = amount.startsWith("-");
  const [whole, fraction] = amount.replace(/^-/, "").split(".");
  const number = grouped(whole, formats.group, formats.grouping)
    + (fraction === undefined ? "" : formats.decimal + fraction);
  const sign = isNegative ? 1 : 0;
  const symbol = formats.symbols[currency] ?? currency;
  return (formats.prefix[sign] + number + formats.suffix[sign]).replaceAll("¤", symbol);
}

// Returns an ISO date ("2026-11-16") for people, in the locale's medium length.
export function formatDay(iso, formats) {
  const [year, month, day] = iso.split("-").map(Number);
  return formats.date.map((part) => {
    if (typeof part === "string") return part;
    const [field, width] = part;
    if (field === "d") return String(day).padStart(width, "0");
    if (field === "y") return width === 2 ? String(year % 100).padStart(2, "0") : String(year).padStart(width, "0");
    return width >= 3 ? formats.months[month - 1] : String(month).padStart(width, "0");
  }).join("");
}

// Amounts are typed the reader's way ("10,50" in Italian) and sent the contract's
// way ("10.50"). NOTE: only the decimal sign is translated; a grouping sign
// ("1.000,50") stays and the simulator's error says so at the field.
export function amountFromInput(text, formats) {
  const sign = formats.decimal;
  return sign !== "." && text.split(sign).length === 2 ? text.replace(sign, ".") : text;
}

export function amountToInput(text, formats) {
  return typeof text === "string" && /^\d+\.\d+$/.test(text) ? text.replace(".", formats.decimal) : text;
}
