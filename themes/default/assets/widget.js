/* 在线咨询: the chat panel on every page, feedback under answers, and the
   fallback for a site on a plain static host. Plain JavaScript, no framework.
   Without JavaScript the 在线咨询 link simply opens /ask/, which the server
   answers as a whole page (with its own feedback forms). Visitor text and
   answers are inserted as text, never as HTML.

   With no bot server (a static host: /api/ask is missing or unreachable) the
   panel and /ask/?q= say so, give the hotline, and search the FAQ questions
   in the browser from /questions.json, which the build writes. */
(function () {
  "use strict";
  var me = document.currentScript;
  var apiBase = (me && me.getAttribute("data-api-base")) || "";
  var hotline = (me && me.getAttribute("data-hotline")) || "";
  var hotlineName = (me && me.getAttribute("data-hotline-name")) || "咨询电话";
  if (!window.fetch) return;

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

  /* ---- the bot, and what to do when there is none ---- */

  // {ok, status, body} from /api/ask; rejects when there is no bot server
  // (network error, or a static host's 404/405 page instead of JSON).
  function askServer(q) {
    return fetch(apiBase + "/api/ask", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ q: q })
    }).then(function (res) {
      var type = res.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") < 0) throw new Error("no bot server");
      return res.json().then(function (body) { return { ok: res.ok, status: res.status, body: body }; });
    });
  }

  function sendFeedback(entry, helpful, q, choice) {
    var body = { entry: entry, helpful: helpful };
    if (q) body.q = q;
    if (choice) body.choice = true;
    return fetch(apiBase + "/api/feedback", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body)
    }).catch(function () {});
  }

  var questions = null;
  function loadQuestions() {
    if (!questions)
      questions = fetch("/questions.json").then(function (r) {
        if (!r.ok) throw new Error("no questions.json");
        return r.json();
      }).catch(function () { return []; });
    return questions;
  }
  function plain(s) {
    return (s || "").toLowerCase().replace(/[\s\u3000-\u303f\uff00-\uff0f\uff1a-\uff20?!,.;:'"()]/g, "");
  }
  // FAQ questions sharing the most two-character pieces with q, best first.
  function searchLocal(q, list) {
    var t = plain(q), grams = [];
    for (var i = 0; i + 1 < t.length; i++) grams.push(t.substr(i, 2));
    if (!grams.length && t) grams.push(t);
    var scored = [];
    for (var k = 0; k < list.length; k++) {
      var hay = plain(list[k].q + " " + (list[k].alt || []).join(" ")), hit = 0;
      for (var g = 0; g < grams.length; g++) if (hay.indexOf(grams[g]) >= 0) hit++;
      var score = grams.length ? hit / grams.length : 0;
      if (score >= 0.3) scored.push({ item: list[k], score: score });
    }
    scored.sort(function (a, b) { return b.score - a.score; });
    return scored.slice(0, 3).map(function (s) { return s.item; });
  }
  // "the bot is unavailable", the hotline, and what the FAQ has, into box.
  function showUnavailable(box, q) {
    box.appendChild(el("p", "mb-unavailable", "在线问答暂时不可用。请拨打" + hotlineName + " "));
    if (hotline) box.lastChild.appendChild(telLink());
    return loadQuestions().then(function (list) {
      var found = searchLocal(q, list);
      if (!found.length) return;
      box.appendChild(el("p", "mb-sub", "常见问题里可能有答案："));
      var ul = el("ul", "qlist mb-local");
      for (var i = 0; i < found.length; i++) {
        var li = el("li"), a = el("a", null, found[i].q);
        a.href = found[i].url;
        li.appendChild(a);
        ul.appendChild(li);
      }
      box.appendChild(ul);
    });
  }

  function isChoices(r) {
    if (r.kind) return /mean|choice/.test(r.kind);
    return !r.answered && /^您想问/.test(r.fallback || "");
  }

  // 有帮助 / 没帮助 under an answer; one tap, then thanks.
  function feedbackRow(entry, q) {
    var row = el("div", "mb-fb");
    row.appendChild(el("span", "mb-fb-label", "这个回答有帮助吗？"));
    function button(text, helpful) {
      var b = el("button", helpful ? "mb-fb-yes" : "mb-fb-no", text);
      b.type = "button";
      b.addEventListener("click", function () {
        sendFeedback(entry, helpful, q, false);
        row.textContent = "";
        var thanks = el("p", "mb-thanks", "谢谢您的反馈！");
        row.appendChild(thanks);
        if (!helpful && hotline) {
          var call = el("p", null, "没能帮上忙，请拨打" + hotlineName + " ");
          call.appendChild(telLink());
          row.appendChild(call);
        }
      });
      return b;
    }
    row.appendChild(button("有帮助", true));
    row.appendChild(button("没帮助", false));
    return row;
  }

  /* ---- /ask/?q= on a static host: the page came without an answer ---- */

  var result = document.getElementById("ask-result");
  var params = new URLSearchParams(location.search);
  if (result && params.get("q") && !result.querySelector(".ask-you")) {
    var pq = params.get("q");
    var field = document.getElementById("ask-q");
    if (field) field.value = pq;
    result.appendChild(el("p", "ask-you", "您问：" + pq));
    askServer(pq).then(function (r) {
      if (!r.ok) {
        result.appendChild(el("p", "ask-decline", (r.body && r.body.error) || "这个问题没法处理，请换个说法。"));
        return;
      }
      var a = (r.body.answers || [])[0];
      if (r.body.answered && a) {
        var art = el("article", "ask-answer");
        var h = el("h2"), link = el("a", null, a.question);
        link.href = a.url;
        h.appendChild(link);
        art.appendChild(h);
        art.appendChild(el("p", "answer-text", a.text));
        art.appendChild(feedbackRow(a.id, pq));
        result.appendChild(art);
      } else {
        var d = el("div", "ask-decline");
        d.appendChild(el("p", null, r.body.fallback || ""));
        result.appendChild(d);
      }
    }).catch(function () {
      var d = el("div", "ask-decline");
      result.appendChild(d);
      showUnavailable(d, pq);
    });
  }

  /* ---- the chat panel ---- */

  var opener = document.getElementById("ask-open");
  if (!opener) return;

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
  function showAnswer(box, a, q) {
    box.appendChild(el("p", "mb-q", a.question));
    box.appendChild(el("p", "mb-text", a.text));
    var src = el("a", "mb-src", "查看出处：" + a.question);
    src.href = a.url;
    box.appendChild(src);
    box.appendChild(feedbackRow(a.id, q));
  }
  // A did-you-mean choice: the parent's pick is feedback, and its answer is
  // shown at once (it came with the reply).
  function choiceButton(a, q) {
    var b = el("button", "mb-chip", a.question);
    b.type = "button";
    b.addEventListener("click", function () {
      sendFeedback(a.id, true, q, true);
      say("mb-you", a.question);
      showAnswer(say("mb-bot"), a, null);
    });
    return b;
  }
  function show(r, q) {
    var box = say("mb-bot");
    var answers = r.answers || [];
    if (r.answered && answers.length) {
      showAnswer(box, answers[0], q);
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
      var choices = isChoices(r);
      for (var k = 0; k < answers.length; k++)
        box.appendChild(choices ? choiceButton(answers[k], q) : questionButton(answers[k].question));
    }
  }
  function ask(q) {
    q = (q || "").trim();
    if (!q) return;
    say("mb-you", q);
    input.value = "";
    var waiting = say("mb-bot mb-wait", "正在查找……");
    askServer(q).then(function (r) {
      log.removeChild(waiting);
      if (r.ok) show(r.body, q);
      else if (r.status === 429) say("mb-bot", "问得太快了，请稍等几秒再问。");
      else say("mb-bot", (r.body && r.body.error) || "这个问题没法处理，请换个说法。");
    }).catch(function () {
      if (waiting.parentNode) log.removeChild(waiting);
      showUnavailable(say("mb-bot"), q).then(function () { log.scrollTop = log.scrollHeight; });
    });
  }
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    ask(input.value);
  });
})();
