// Small progressive enhancements; every page works without this file.
document.addEventListener("htmx:afterSwap", function (event) {
  // After a form comes back with errors, move focus to the summary so screen readers hear it.
  var summary = event.detail.target.querySelector(".error-summary");
  if (summary) { summary.focus(); }
});
