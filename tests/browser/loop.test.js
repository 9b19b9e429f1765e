// One parent, end to end: ask QUESTION in the widget at 390 px, and tap
// what a parent would: the choice ENTRY_QUESTION if the bot asks "which
// one did you mean", else 有帮助 under the answer. The shell test then
// runs the report on the log. Usage: node loop.test.js BASE QUESTION ENTRY_QUESTION OUT
const { check, run, PHONE, askWidget } = require("./lib");
const [base, question, entryQuestion, out] = process.argv.slice(2);
run("loop test ran to the end", async (browser) => {
  const ctx = await browser.newContext(PHONE);
  const page = await ctx.newPage();
  await page.goto(base + "/");
  await askWidget(page, question);
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
});
