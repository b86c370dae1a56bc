// Small enhancements; every form works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // "select all" checkboxes of the review queue
  document.querySelectorAll("input.all[data-for]").forEach(function (box) {
    box.addEventListener("change", function () {
      var form = box.closest("form");
      form.querySelectorAll('input[type=checkbox][name="' + box.dataset.for + '"]').forEach(function (c) {
        c.checked = box.checked;
      });
    });
  });
  // ask before the buttons that reject or lock
  document.querySelectorAll("button.danger").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm("Chắc chắn?")) { event.preventDefault(); }
    });
  });
  // a calendar URL is selected whole on click
  document.querySelectorAll("input.url").forEach(function (input) {
    input.addEventListener("focus", function () { input.select(); });
  });
});
