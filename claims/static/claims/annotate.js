/* Annotation view: a quote opens beside the text; a selection opens the new-quote form beside it,
   with the selection in its paragraph and the kind, cue and speaker the extractor reads around it;
   the form saves without reloading the page and the body is marked again with the new quote.
   Selections and clicks on marks come from quote_selection.js as "quote:selected" / "quote:open". */
"use strict";
(function () {
  function element(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    Object.assign(node, attributes);
    node.append(...children);
    return node;
  }

  document.addEventListener("DOMContentLoaded", () => {
    const root = document.querySelector(".annotation");
    if (!root) return;
    const body = root.querySelector(".source-body");
    const help = root.querySelector(".panel-help");
    const panel = root.querySelector(".panel-quote");
    const form = root.querySelector(".panel-form");
    const makeClaim = document.getElementById("make-claim");
    const quotes = JSON.parse(document.getElementById("quote-data").textContent);

    function show(section) {
      for (const part of [help, panel, form]) if (part) part.hidden = part !== section;
    }

    function markOpen(id) {
      for (const mark of body.querySelectorAll("mark.open")) mark.classList.remove("open");
      if (id) for (const mark of body.querySelectorAll(`mark[data-quotes~="${id}"]`)) mark.classList.add("open");
    }

    function openQuote(id, note) {
      const quote = quotes[id];
      if (!quote) return;
      const facts = element("dl");
      for (const [term, value] of [["Speaker", quote.speaker], ["Kind", quote.kind], ["Cue", quote.cue || "—"],
                                   ["Status", quote.status]]) {
        facts.append(element("dt", { textContent: term }), element("dd", { textContent: value }));
      }
      const claims = element("ul", { className: "quote-claims" });
      for (const claim of quote.claims) claims.append(element("li", {}, element("a", { href: claim.url, textContent: claim.text })));
      const actions = element("p", { className: "quote-actions" },
                              element("a", { href: quote.change_url, className: "button", textContent: "Edit the quote" }));
      if (makeClaim) {
        const claimForm = makeClaim.content.firstElementChild.cloneNode(true);
        claimForm.action = quote.claim_url;
        actions.append(" ", claimForm);
      }
      panel.replaceChildren(
        ...(note ? [element("p", { className: "quote-saved", textContent: note })] : []),
        element("h2", { textContent: "Quote" }),
        element("blockquote", { textContent: `“${quote.text}”` }),
        facts,
        ...(quote.claims.length ? [element("h3", { textContent: "Claims resting on it" }), claims] : []),
        actions,
      );
      show(panel);
      markOpen(id);
    }

    function showErrors(errors) {
      for (const list of form.querySelectorAll("ul.errorlist[data-for]")) {
        const messages = errors[list.dataset.for] || [];
        list.replaceChildren(...messages.map((message) => element("li", { textContent: message })));
        list.hidden = messages.length === 0;
      }
    }

    function fill(guess) {
      for (const name of ["start", "end", "text", "cue", "speaker_mention", "role"]) form.elements[name].value = guess[name];
      form.elements.kind.value = guess.kind;
      const speaker = form.elements.speaker;
      speaker.replaceChildren(new Option("", "", false, false));
      if (guess.speaker) speaker.append(new Option(guess.speaker.name, guess.speaker.id, true, true));
      if (window.django && django.jQuery) django.jQuery(speaker).trigger("change");
      const [before, selected, after] = guess.paragraph;
      form.querySelector(".selection-in-paragraph").replaceChildren(
        before, element("mark", { className: "quote quote-selection", textContent: selected }), after);
      showErrors({});
    }

    async function answer(response) {
      const json = (response.headers.get("Content-Type") || "").startsWith("application/json");
      if (json) return response.json();
      return { errors: { __all__: [`The server answered ${response.status}: reload the page (your session may have ended).`] } };
    }

    body.addEventListener("quote:open", (event) => {
      event.preventDefault();
      openQuote(event.detail.id);
    });

    body.addEventListener("quote:selected", async (event) => {
      if (!form) return; // no role to add quotes: the plain new-quote page refuses it too
      event.preventDefault();
      const url = new URL(root.dataset.guessUrl, window.location.href);
      url.searchParams.set("start", event.detail.start);
      url.searchParams.set("end", event.detail.end);
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      const guess = await answer(response);
      markOpen(null);
      show(form);
      if (response.ok) fill(guess);
      else showErrors(guess.errors || { __all__: [guess.detail] });
    });

    if (!form) return;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const saving = form.querySelector("input[type=submit]");
      saving.disabled = true;
      try {
        const response = await fetch(form.action, {
          method: "POST", body: new FormData(form), credentials: "same-origin",
          headers: { Accept: "application/json", "X-CSRFToken": form.elements.csrfmiddlewaretoken.value },
        });
        const saved = await answer(response);
        if (!response.ok) return showErrors(saved.errors || { __all__: [saved.detail] });
        body.innerHTML = saved.body; // the server's escaped body with every quote marked
        Object.assign(quotes, saved.quotes);
        root.querySelector(".panel-counts").textContent = `${Object.keys(quotes).length} quotes on this source.`;
        window.getSelection().removeAllRanges();
        openQuote(String(saved.id), "Quote saved.");
      } finally {
        saving.disabled = false;
      }
    });
    form.querySelector(".cancel-annotation").addEventListener("click", () => show(help));
  });
})();
