/* Source page and annotation view: select words in the body with the mouse; a toolbar floats above
   the selection (it never moves the text) and "Quote the selection" opens the new-quote form with
   the source, the offsets (Unicode code points, end exclusive) and the text filled in. The
   selection is trimmed of surrounding whitespace and quotation marks and snapped to whole words
   first. A click on a highlighted quote (without selecting) opens that quote.

   Both are announced on the body first, as cancelable events ("quote:selected" with {start, end,
   text}; "quote:open" with {id}): the annotation view handles them in place (annotate.js); left
   alone, they open the admin's pages. */
"use strict";
(function () {
  const codePoints = (text) => Array.from(text).length;
  const WORD = /[\p{L}\p{N}\p{M}'’\-]/u;

  function offsetIn(container, node, offset) {
    // Code points of body text before (node, offset): the marks around quotes add no text.
    const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
    let total = 0;
    for (let current = walker.nextNode(); current; current = walker.nextNode()) {
      if (current === node) return total + codePoints(current.data.slice(0, offset));
      total += codePoints(current.data);
    }
    if (node === container || node.nodeType === Node.ELEMENT_NODE) {
      // A boundary between elements: count the text of the children before it.
      const range = document.createRange();
      range.setStart(container, 0);
      range.setEnd(node, offset);
      return codePoints(range.toString());
    }
    return null;
  }

  // Whitespace and quotation marks off both ends; a word cut by either end taken whole.
  const AROUND = /[\s“”"«»„]/u;
  function snapped(chars, start, end) {
    while (start < end && AROUND.test(chars[start])) start++;
    while (end > start && AROUND.test(chars[end - 1])) end--;
    if (start === end) return null;
    while (start > 0 && WORD.test(chars[start - 1]) && WORD.test(chars[start])) start--;
    while (end < chars.length && WORD.test(chars[end]) && WORD.test(chars[end - 1])) end++;
    return { start, end, text: chars.slice(start, end).join("") };
  }

  function selectionIn(container, chars) {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
    const range = selection.getRangeAt(0);
    if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) return null;
    const start = offsetIn(container, range.startContainer, range.startOffset);
    const end = offsetIn(container, range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return null;
    const picked = snapped(chars, start, end);
    return picked && { ...picked, rect: range.getBoundingClientRect() };
  }

  document.addEventListener("DOMContentLoaded", () => {
    const container = document.querySelector(".source-body[data-add-quote-url]");
    if (!container) return;
    const chars = Array.from(container.textContent);
    const toolbar = document.createElement("div");
    toolbar.className = "quote-toolbar";
    toolbar.hidden = true;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button quote-selection";
    button.textContent = "Quote the selection";
    toolbar.append(button);
    document.body.append(toolbar);
    let picked = null;

    function place() {
      picked = selectionIn(container, chars);
      toolbar.hidden = picked === null;
      if (picked) {
        toolbar.style.left = `${Math.max(0, picked.rect.left + window.scrollX)}px`;
        toolbar.style.top = `${Math.max(0, picked.rect.top + window.scrollY - toolbar.offsetHeight - 6)}px`;
      }
    }
    // Shown once the hand lets go (or the keyboard has moved the selection), never mid-drag.
    document.addEventListener("mouseup", (event) => { if (!toolbar.contains(event.target)) setTimeout(place); });
    document.addEventListener("keyup", (event) => { if (event.shiftKey || event.key === "Shift") place(); });
    document.addEventListener("selectionchange", () => {
      if (window.getSelection().isCollapsed) { picked = null; toolbar.hidden = true; }
    });
    const announce = (name, detail) =>
      container.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, cancelable: true }));
    button.addEventListener("click", () => {
      if (!picked) return;
      const { start, end, text } = picked;
      toolbar.hidden = true;
      if (!announce("quote:selected", { start, end, text })) return;
      const url = new URL(container.dataset.addQuoteUrl, window.location.href);
      url.searchParams.set("start", picked.start);
      url.searchParams.set("end", picked.end);
      url.searchParams.set("text", picked.text);
      window.location.assign(url.toString());
    });
    container.addEventListener("click", (event) => {
      const mark = event.target.closest("mark[data-quotes]");
      if (!mark || !window.getSelection().isCollapsed) return;
      const innermost = mark.dataset.quotes.split(" ")[0];
      if (!announce("quote:open", { id: innermost })) return;
      window.location.assign(`${container.dataset.quoteUrl}${innermost}/change/`);
    });
  });
})();
