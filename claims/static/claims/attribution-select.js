// The article page: a selection in the article's text fills the "Add a missing attribution"
// form (the words, where they start, the nearest claim). The form works without this script:
// the workbench then finds the typed words in the text, nearest the claim.
"use strict";

(function () {
  const text = document.getElementById("article-text");
  const form = document.getElementById("attribution-form");
  if (!text || !form) {
    return;
  }
  const status = document.getElementById("selection-status");
  const quoted = form.elements.namedItem("source_text");
  const start = form.elements.namedItem("source_start");
  const claim = form.elements.namedItem("claim");

  // Offsets count code points, as the server does, not the UTF-16 units of JavaScript strings.
  function length(s) {
    return Array.from(s).length;
  }

  function offsetOf(node, offset) {
    const before = document.createRange();
    before.setStart(text, 0);
    before.setEnd(node, offset);
    return length(before.toString());
  }

  // The claim whose span is closest to the selection (a claim's source stands beside it).
  function nearestClaim(from, to) {
    let nearest = null;
    let distance = Infinity;
    for (const option of claim.options) {
      if (option.dataset.start === undefined) {
        continue;
      }
      const gap = Math.max(0, Number(option.dataset.start) - to, from - Number(option.dataset.end));
      if (gap < distance) {
        nearest = option;
        distance = gap;
      }
    }
    return nearest;
  }

  function fill() {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) {
      return;
    }
    const range = selection.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) {
      return;
    }
    const raw = range.toString();
    const words = raw.trim();
    if (!words) {
      return;
    }
    const from = offsetOf(range.startContainer, range.startOffset) + length(raw) - length(raw.trimStart());
    const to = from + length(words);
    quoted.value = words;
    start.value = String(from);
    const nearest = nearestClaim(from, to);
    if (nearest) {
      claim.value = nearest.value;
    }
    status.textContent =
      "Selected “" + words + "” (characters " + from + " to " + to + ")" +
      (nearest ? ", beside claim " + nearest.value : "") +
      ": check the form below and add the attribution.";
  }

  text.addEventListener("mouseup", fill);
  text.addEventListener("keyup", fill);
  text.addEventListener("touchend", fill);
  // Words typed by hand are found in the text anew: the selection's offset no longer holds.
  quoted.addEventListener("input", function () {
    start.value = "";
  });
})();
