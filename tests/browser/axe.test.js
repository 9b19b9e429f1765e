// axe-core on every page template, at 390 px and 1280 px: no serious or
// critical violation (WCAG 2.1 A/AA rules and axe's best practices). The
// answer page is checked with an answer, and the chat panel open.
// Usage: node axe.test.js BASE_URL
const { chromium } = require("playwright-core");
const axePath = require.resolve("axe-core/axe.min.js");
const base = process.argv[2];
let passed = 0, failed = 0;
function check(name, ok, detail) {
  if (ok) { passed++; console.log("ok " + name); }
  else { failed++; console.log("FAIL " + name + (detail ? ": " + detail : "")); }
}
// one page per template
const pages = [
  ["home", "/"], ["list", "/guides/"], ["single (guide)", "/guides/huankuan/"],
  ["notices", "/notices/"], ["single (notice)", "/notices/2019-shanxi-tongzhi/"],
  ["faq-index", "/faq/"], ["faq-category", "/faq/edu/"], ["tags", "/tags/"],
  ["offices", "/offices/"], ["ask", "/ask/"], ["ask-answer", "/ask/?q=" + encodeURIComponent("本科一年能贷多少")],
  ["ask-answer (declined)", "/ask/?q=" + encodeURIComponent("花呗怎么还款")],
  ["leaflets", "/leaflets/"], ["leaflet page", "/leaflets/letter/"], ["404", "/404.html"],
];
(async () => {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync"],
  });
  try {
    // the tag page: the first tag listed
    {
      const ctx = await browser.newContext();
      const p = await ctx.newPage();
      await p.goto(base + "/tags/");
      const href = await p.getAttribute("main a[href^='/tags/']", "href");
      if (href) pages.push(["tag", href]);
      await ctx.close();
    }
    async function audit(page, name) {
      await page.addScriptTag({ path: axePath });
      const r = await page.evaluate(() => axe.run(document, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
      }));
      const bad = r.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      check(name, bad.length === 0,
        bad.map((v) => v.id + " (" + v.impact + "): " + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")).join("; "));
    }
    for (const width of [390, 1280]) {
      // axe is injected as an inline script: the site's CSP would refuse it
      const ctx = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true });
      const page = await ctx.newPage();
      for (const [name, path] of pages) {
        await page.goto(base + path);
        await audit(page, `axe at ${width} px: ${name} (${path})`);
      }
      await page.goto(base + "/faq/edu/");
      await page.click("#ask-open");
      await page.fill("#mb-q", "本科一年能贷多少");
      await page.press("#mb-q", "Enter");
      await page.waitForSelector(".mb-bot .mb-fb", { timeout: 10000 });
      await audit(page, `axe at ${width} px: the chat panel with an answer`);
      await ctx.close();
    }
  } catch (e) {
    check("axe test ran to the end", false, e.message);
  }
  await browser.close();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})();
