// Browser test of `sitegen serve`: an open page follows the clerk's saves.
// Edits a Markdown file and waits for the page to show the new text with no
// reload by the test; breaks the file and waits for the error page with
// file:line; mends it and waits for the page to come back. The preview runs
// in Chinese (LANG=zh_CN.UTF-8), as the clerk's does: the error page's
// words and messages are the catalogue's Chinese.
// Usage: node preview.test.js BASE_URL CONTENT_DIR ARTIFACT_DIR
const fs = require("fs");
const { check, run } = require("./lib");
const [base, content, out] = process.argv.slice(2);
// A reload destroys the page's context under a waiting function: ask again
// until the deadline.
async function waitText(page, text, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      await page.waitForFunction((t) => document.body && document.body.innerText.includes(t), text,
        { timeout: Math.max(100, end - Date.now()) });
      return true;
    } catch (e) { await new Promise((r) => setTimeout(r, 100)); }
  }
  return false;
}

const guide = content + "/guides/repay.md";
const faq = content + "/faq/money.md";

run("no exception", async (browser) => {
  const page = await (await browser.newContext()).newPage();
  let loads = 0;
  page.on("load", () => loads++);
  await page.goto(base + "/guides/repay/");
  check("the preview page shows the guide", await waitText(page, "每年最多贷", 5000));
  check("the page loads the preview's reload script",
    (await page.$('script[src="/_preview/reload.js"]')) !== null);
  const before = loads;

  fs.writeFileSync(guide, fs.readFileSync(guide, "utf8").replace("每年最多贷", "每年最多可以贷"));
  check("after a save the page shows the new text by itself", await waitText(page, "每年最多可以贷", 20000));
  // the text can show before the reloaded page's load event has fired
  for (let i = 0; i < 50 && loads <= before; i++) await new Promise((r) => setTimeout(r, 100));
  check("the browser reloaded it (the test did not)", loads > before, `loads ${before} -> ${loads}`);
  await page.screenshot({ path: out + "/preview-edited.png" });

  const good = fs.readFileSync(faq, "utf8");
  fs.writeFileSync(faq, good + "\n##没有空格的问题\n\n回答。\n");
  const line = (good + "\n##没有空格的问题\n").split("\n").length - 1;
  check("a content error shows in the browser", await waitText(page, "内容有错误，预览没有更新", 20000));
  const heading = await page.textContent("#mingbai-preview-error h1").catch(() => "");
  check("its heading in Chinese", heading === "内容有错误，预览没有更新", heading);
  const hint = await page.textContent("#mingbai-preview-error p").catch(() => "");
  check("and what to do", hint === "改好后保存，页面会自动刷新。", hint);
  check("the tab's title says so", (await page.title()) === "内容有错误 - 预览", await page.title());
  const msg = await page.textContent("#mingbai-preview-error pre").catch(() => "");
  check("with file:line: message", msg.includes(`faq/money.md:${line}: “##没有空格的问题”不会成为标题`), msg);
  await page.screenshot({ path: out + "/preview-error.png" });

  fs.writeFileSync(faq, good);
  check("mended, the page comes back", await waitText(page, "每年最多可以贷", 20000));
  check("and the error is gone", (await page.$("#mingbai-preview-error")) === null);
});
