// Browser test: Debian's chromium driven by playwright-core. Asks a question
// through the widget with the mouse and with the keyboard only, opens the
// answer page with JavaScript off, checks the 320 px layout and that no
// request leaves the site. Screenshots go to tests/artifacts/.
// Usage: node widget.test.js BASE_URL ARTIFACT_DIR
const { check, run, PHONE, askWidget } = require("./lib");
const base = process.argv[2];
const out = process.argv[3];
// an FAQ phrasing, so the bot answers it rather than offering choices
const question = "大专能借多少";

run("browser test ran to the end", async (browser) => {
  const site = new URL(base).host;
  // 1. desktop, with the mouse
  let ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  let page = await ctx.newPage();
  const foreign = [];
  page.on("request", (r) => { const h = new URL(r.url()).host; if (h && h !== site) foreign.push(r.url()); });
  await page.goto(base + "/");
  await page.click("#ask-open");
  check("the chat panel opens", await page.isVisible("#mingbai-chat"));
  await page.fill("#mb-q", question);
  await page.click(".mb-form button[type=submit]");
  await page.waitForSelector(".mb-bot .mb-text", { timeout: 10000 });
  const text = await page.textContent(".mb-bot .mb-text");
  check("the answer holds the undergraduate limit", text.includes("20000"), text.slice(0, 80));
  const href = await page.getAttribute(".mb-bot .mb-src", "href");
  check("the answer links to its page", /^\/(faq|guides)\/.+#/.test(href || ""), href);
  check("answers are announced (aria-live)", (await page.getAttribute(".mb-log", "aria-live")) === "polite");
  await page.screenshot({ path: out + "/desktop-widget.png" });
  const res = await page.goto(base + href);
  check("the source page opens", res.status() === 200);
  check("no request to any other host", foreign.length === 0, foreign.join(" "));
  await ctx.close();

  // 2. a 360 px phone, keyboard only
  ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
  page = await ctx.newPage();
  await page.goto(base + "/");
  let reached = false;
  for (let i = 0; i < 60 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => document.activeElement && document.activeElement.id === "ask-open");
  }
  check("the 在线咨询 button is reachable with Tab", reached);
  await page.keyboard.press("Enter");
  check("Enter opens the panel and focuses the question", await page.evaluate(() => document.activeElement.id === "mb-q"));
  await page.keyboard.type(question);
  await page.keyboard.press("Enter");
  await page.waitForSelector(".mb-bot .mb-text", { timeout: 10000 });
  check("answered by keyboard", (await page.textContent(".mb-bot .mb-text")).includes("20000"));
  await page.screenshot({ path: out + "/mobile-360-widget.png" });
  await page.keyboard.press("Escape");
  check("Escape closes the panel", !(await page.isVisible("#mingbai-chat")));
  await ctx.close();

  // 3. no JavaScript at all: the server-rendered answer page
  ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
  page = await ctx.newPage();
  await page.goto(base + "/ask/?q=" + encodeURIComponent(question));
  const body = await page.textContent("main");
  check("the answer page works without JavaScript", body.includes("20000"));
  check("with a link to the source", (await page.$$("main .ask-answer a[href^='/']")).length > 0);
  await page.screenshot({ path: out + "/nojs-ask.png", fullPage: true });
  await page.goto(base + "/");
  await page.fill("#home-q", "续贷怎么办");
  await page.click(".hero button[type=submit]");
  check("the home page form asks without JavaScript", page.url().includes("/ask/?q="));
  await ctx.close();

  // 4. 320 px: nothing wider than the screen
  ctx = await browser.newContext({ viewport: { width: 320, height: 640 } });
  page = await ctx.newPage();
  for (const p of ["/", "/guides/huankuan/", "/faq/edu/", "/notices/2019-shanxi-tongzhi/"]) {
    await page.goto(base + p);
    const w = await page.evaluate(() => document.documentElement.scrollWidth);
    check("no sideways scrolling at 320 px on " + p, w <= 320, "width " + w);
    const fs = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    check("base font at least 16 px on " + p, fs >= 16, fs);
  }
  await page.goto(base + "/");
  await page.screenshot({ path: out + "/home-320.png", fullPage: true });
  await ctx.close();

  // 5. the parents' side at 390 px
  ctx = await browser.newContext(PHONE);
  page = await ctx.newPage();
  await page.goto(base + "/");
  await askWidget(page, question);
  await page.waitForSelector(".mb-bot .mb-fb", { timeout: 10000 });
  check("the widget offers 有帮助 and 没帮助 under the answer",
    (await page.textContent(".mb-bot .mb-fb")).includes("有帮助") &&
    (await page.textContent(".mb-bot .mb-fb")).includes("没帮助"));
  const sent = page.waitForRequest((r) => r.url().endsWith("/api/feedback") && r.method() === "POST");
  await page.click(".mb-bot .mb-fb-yes");
  const fbReq = await sent;
  const fbBody = JSON.parse(fbReq.postData());
  check("有帮助 posts the entry, helpful and the question",
    /^(faq|guides)\//.test(fbBody.entry) && fbBody.helpful === true && fbBody.q === question, fbReq.postData());
  check("the parent is thanked", (await (await fbReq.response()).status()) === 200 &&
    (await page.textContent(".mb-bot .mb-fb")).includes("谢谢"));
  await page.screenshot({ path: out + "/mobile-390-feedback.png" });

  // the 在线咨询 bar covers no text once the page is scrolled to its end
  for (const p of ["/", "/guides/huankuan/", "/faq/edu/", "/notices/", "/offices/"]) {
    await page.goto(base + p);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.waitForTimeout(100);
    const covered = await page.evaluate(() => {
      const fab = document.getElementById("ask-open").getBoundingClientRect();
      const hits = [];
      const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        if (!n.textContent.trim() || n.parentElement.closest("#ask-open, #mingbai-chat")) continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        for (const r of range.getClientRects())
          if (r.width && r.height && r.left < fab.right && r.right > fab.left &&
              r.top < fab.bottom && r.bottom > fab.top) hits.push(n.textContent.trim().slice(0, 20));
      }
      return hits;
    });
    check("at the end of " + p + " the 在线咨询 bar covers no text", covered.length === 0, covered.join(" | "));
  }
  await page.screenshot({ path: out + "/offices-390-end.png" });
  const footer = await page.textContent(".site-footer");
  check("the footer says nothing about an empty phone", !footer.includes("请咨询当地"), footer.slice(0, 120));
  const offices = await page.textContent("main");
  check("the offices page sends nobody to ask the centre about itself", !offices.includes("请咨询当地"),
    offices.slice(0, 160));

  await page.goto(base + "/ask/");
  check("no 在线咨询 button on the 在线咨询 page", (await page.$("#ask-open")) === null);
  const examples = await page.$$eval(".ask-examples a", (as) => as.map((a) => a.getAttribute("href")));
  check("the empty /ask/ page offers example questions", examples.length >= 3 &&
    examples.every((h) => h.startsWith("/ask/?q=")), examples.join(" "));

  for (const p of ["/", "/notices/"]) {
    await page.goto(base + p);
    const wrapped = await page.$$eval(".meta .nowrap", (els) =>
      els.filter((e) => e.getClientRects().length > 1 || e.getBoundingClientRect().height > 40).map((e) => e.textContent));
    const dates = await page.$$eval(".meta .nowrap", (els) => els.length);
    check("notice dates on " + p + " stay on one line (" + dates + " dates)", dates > 0 && wrapped.length === 0,
      wrapped.join(" "));
  }
  await page.screenshot({ path: out + "/notices-390.png", fullPage: true });
  const noticesText = await page.textContent("main");
  check("the feed link says what it does, without 'Atom'", !noticesText.includes("Atom") &&
    noticesText.includes("有新通知时"));

  await page.goto(base + "/leaflets/");
  const titles = await page.$$eval(".leaflets h2", (hs) => hs.map((h) => h.textContent.trim()));
  const repeated = titles.filter((t) => { const [a, b] = t.split("："); return b && b.includes(a); });
  check("leaflet titles are not repeated (" + titles.length + ")", titles.length > 0 && repeated.length === 0,
    repeated.join(" | "));

  const ico = await page.goto(base + "/favicon.ico");
  check("/favicon.ico is there", ico.status() === 200 && (await ico.body()).length > 0);
  await ctx.close();

  // 6. no JavaScript: 没帮助 is a form post
  ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  page = await ctx.newPage();
  await page.goto(base + "/ask/?q=" + encodeURIComponent(question));
  await Promise.all([page.waitForNavigation(), page.click(".ask-answer .fb button[value='0']")]);
  check("没帮助 without JavaScript: the page says thanks", (await page.textContent("main")).includes("谢谢"));
  check("and gives the hotline", (await page.$$("main a[href^='tel:']")).length > 0);
  await page.screenshot({ path: out + "/nojs-feedback.png", fullPage: true });
  await ctx.close();
});
