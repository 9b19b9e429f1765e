/* 在线咨询: the chat panel on every page. Plain JavaScript, no framework.
   Without JavaScript the 在线咨询 link simply opens /ask/, which the server
   answers as a whole page. Visitor text and answers are inserted as text,
   never as HTML. */
(function () {
  "use strict";
  var me = document.currentScript;
  var apiBase = (me && me.getAttribute("data-api-base")) || "";
  var hotline = (me && me.getAttribute("data-hotline")) || "";
  var hotlineName = (me && me.getAttribute("data-hotline-name")) || "咨询电话";
  var opener = document.getElementById("ask-open");
  if (!opener || !window.fetch) return;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function telLink() {
    var a = el("a", null, hotline);
    a.href = "tel:" + hotline;
    return a;
  }

  var panel = el("div", "mb-chat");
  panel.id = "mingbai-chat";
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-modal", "false");
  panel.setAttribute("aria-labelledby", "mb-chat-title");
  panel.hidden = true;
  var head = el("div", "mb-head");
  var title = el("h2", null, "在线咨询");
  title.id = "mb-chat-title";
  var close = el("button", "mb-close", "关闭");
  close.type = "button";
  close.setAttribute("aria-label", "关闭在线咨询");
  head.appendChild(title);
  head.appendChild(close);
  var log = el("div", "mb-log");
  log.setAttribute("aria-live", "polite");
  log.setAttribute("aria-relevant", "additions");
  var note = el("p", "mb-note", "请不要输入姓名、身份证号或电话号码。");
  var form = el("form", "mb-form");
  var label = el("label", "mb-sr", "您的问题");
  label.htmlFor = "mb-q";
  var input = el("input");
  input.id = "mb-q";
  input.type = "text";
  input.maxLength = 200;
  input.autocomplete = "off";
  input.placeholder = "例如：本科一年能贷多少";
  var send = el("button", null, "提问");
  send.type = "submit";
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(send);
  panel.appendChild(head);
  panel.appendChild(log);
  panel.appendChild(note);
  panel.appendChild(form);
  document.body.appendChild(panel);

  function open() {
    panel.hidden = false;
    opener.setAttribute("aria-expanded", "true");
    input.focus();
  }
  function shut() {
    panel.hidden = true;
    opener.setAttribute("aria-expanded", "false");
    opener.focus();
  }
  opener.setAttribute("aria-controls", "mingbai-chat");
  opener.setAttribute("aria-expanded", "false");
  opener.addEventListener("click", function (ev) {
    ev.preventDefault();
    if (panel.hidden) open(); else shut();
  });
  close.addEventListener("click", shut);
  panel.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") shut();
  });

  function say(cls, text) {
    var p = el("div", "mb-msg " + cls);
    if (text != null) p.textContent = text;
    log.appendChild(p);
    log.scrollTop = log.scrollHeight;
    return p;
  }
  function questionButton(q) {
    var b = el("button", "mb-chip", q);
    b.type = "button";
    b.addEventListener("click", function () { ask(q); });
    return b;
  }
  function show(r) {
    var box = say("mb-bot");
    var answers = r.answers || [];
    if (r.answered && answers.length) {
      var a = answers[0];
      box.appendChild(el("p", "mb-q", a.question));
      box.appendChild(el("p", "mb-text", a.text));
      var src = el("a", "mb-src", "查看出处：" + a.question);
      src.href = a.url;
      box.appendChild(src);
      if (answers.length > 1) {
        box.appendChild(el("p", "mb-sub", "相关问题："));
        for (var i = 1; i < answers.length; i++) box.appendChild(questionButton(answers[i].question));
      }
    } else {
      box.appendChild(el("p", null, r.fallback || "抱歉，没有找到答案。"));
      if (hotline) {
        var call = el("p", null, "电话：");
        call.appendChild(telLink());
        box.appendChild(call);
      }
      for (var k = 0; k < answers.length; k++) box.appendChild(questionButton(answers[k].question));
    }
  }
  function ask(q) {
    q = (q || "").trim();
    if (!q) return;
    say("mb-you", q);
    input.value = "";
    var waiting = say("mb-bot mb-wait", "正在查找……");
    fetch(apiBase + "/api/ask", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ q: q })
    }).then(function (res) {
      return res.json().then(function (body) { return { ok: res.ok, status: res.status, body: body }; });
    }).then(function (r) {
      log.removeChild(waiting);
      if (r.ok) show(r.body);
      else if (r.status === 429) say("mb-bot", "问得太快了，请稍等几秒再问。");
      else say("mb-bot", (r.body && r.body.error) || "这个问题没法处理，请换个说法。");
    }).catch(function () {
      log.removeChild(waiting);
      var p = say("mb-bot", "暂时连不上问答服务。请拨打" + hotlineName + " ");
      if (hotline) p.appendChild(telLink());
    });
  }
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    ask(input.value);
  });
})();
