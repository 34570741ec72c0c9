import { assertEquals } from "@std/assert";
import { MAX_QUOTE_CHARS, quoteInput } from "./quote.ts";

Deno.test("quoteInput quotes short values whole, as JSON would", () => {
  assertEquals(quoteInput("abc"), '"abc"');
  assertEquals(quoteInput(12.5), "12.5");
  assertEquals(quoteInput(null), "null");
  assertEquals(quoteInput(true), "true");
  assertEquals(quoteInput([1, "x", null]), '[1,"x",null]');
  assertEquals(quoteInput({ a: 1 }), '{"a":1}');
});

Deno.test("quoteInput names what JSON.stringify turns into null or drops", () => {
  // 1e999 parses to Infinity; JSON.stringify would print it as null.
  assertEquals(quoteInput(JSON.parse("1e999")), "Infinity");
  assertEquals(quoteInput(NaN), "NaN");
  assertEquals(quoteInput(undefined), "undefined");
  assertEquals(quoteInput(10n), "10n");
  assertEquals(quoteInput([JSON.parse("-1e999")]), "[-Infinity]");
});

Deno.test("quoteInput quotes at most a short prefix, and says how long the whole is", () => {
  const long = "x".repeat(1_000_000);
  const quoted = quoteInput(long);
  assertEquals(
    quoted,
    `"${"x".repeat(MAX_QUOTE_CHARS)}…" (1000000 characters)`,
  );
  // A nested array of many numbers is not serialised whole.
  const nested = [Array.from({ length: 1_000_000 }, (_, i) => i)];
  const prefix = quoteInput(nested);
  assertEquals(prefix.startsWith("[[0,1,2,3,"), true);
  assertEquals(prefix.endsWith("…"), true);
  assertEquals(prefix.length <= MAX_QUOTE_CHARS + 1, true);
});

Deno.test("quoteInput escapes control characters: no NUL or escape byte reaches the terminal", () => {
  assertEquals(quoteInput("a\u0000b\u001b[2J"), '"a\\u0000b\\u001b[2J"');
  assertEquals(quoteInput({ "\u0000": 1 }), '{"\\u0000":1}');
});
