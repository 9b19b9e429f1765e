// One parent, end to end: ask QUESTION in the widget at 390 px, and tap
// what a parent would: the choice ENTRY_QUESTION if the bot asks "which
// one did you mean", else 有帮助 under the answer. The shell test then
// runs the report on the log. Usage: node loop.test.js BASE QUESTION ENTRY_QUESTION OUT
const { chromium } = require("playwright-core");
const [base, question, entryQuestion, out] = process.argv.slice(2);
let passed = 0, failed = 0;
function check(name, ok, detail) {
  if (ok) { passed++; console.log("ok " + name); }
  else { failed++; console.log("FAIL " + name + (detail ? ": " + detail : "")); }
}
(async () => {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync"],
  });
  try {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await ctx.newPage();
    await page.goto(base + "/");
    await page.click("#ask-open");
    await page.fill("#mb-q", question);
    await page.press("#mb-q", "Enter");
    await page.waitForSelector(".mb-bot:not(.mb-wait)", { timeout: 10000 });
    const sent = page.waitForRequest((r) => r.url().endsWith("/api/feedback"));
    const choice = page.locator(".mb-bot .mb-chip", { hasText: entryQuestion });
    if (await page.$(".mb-bot .mb-fb-yes")) {
      check("answered with " + entryQuestion, (await page.textContent(".mb-bot .mb-q")) === entryQuestion);
      await page.click(".mb-bot .mb-fb-yes");
    } else {
      check("offered " + entryQuestion + " as a choice", (await choice.count()) === 1);
      await choice.first().click();
    }
    const req = await sent;
    check("the tap was sent", (await (await req.response()).status()) === 200, req.postData());
    await page.screenshot({ path: out + "/loop-390.png" });
    await ctx.close();
  } catch (e) {
    check("loop test ran to the end", false, e.message);
  }
  await browser.close();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})();
