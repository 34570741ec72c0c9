import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { wilsonInterval } from "./proportion.ts";

Deno.test("wilsonInterval matches Wilson's formula computed with scipy's normal quantile", () => {
  // python3: z = norm.ppf(0.975); c = (p + z²/2n)/(1 + z²/n);
  // h = z·sqrt(p(1−p)/n + z²/4n²)/(1 + z²/n)
  const cases: [number, number, number, number][] = [
    [3, 40, 0.025836025774588198, 0.19864233524310543],
    [95, 100, 0.8882495307680808, 0.9784563208456319],
    [50, 100, 0.4038315303659956, 0.5961684696340044],
    [100, 100, 0.9630065017930143, 1],
  ];
  for (const [k, n, lower, upper] of cases) {
    const ci = wilsonInterval(k, n);
    assertEquals(ci.point, k / n);
    assertAlmostEquals(ci.lower, lower, 1e-9);
    assertAlmostEquals(ci.upper, upper, 1e-9);
  }
  assertThrows(() => wilsonInterval(5, 4), RangeError, "0 ≤ k ≤ n");
  assertThrows(() => wilsonInterval(0, 0), RangeError, "n ≥ 1");
});
