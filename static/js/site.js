// Small progressive enhancements; every page works without this file.
// After a form comes back, move focus to its error summary or its confirmation, so that
// keyboard and screen-reader users continue where the news is.
function focusNews(root) {
  var news = root.querySelector(".error-summary, .message-success[tabindex]");
  if (news) { news.focus(); }
}
document.addEventListener("htmx:afterSwap", function (event) { focusNews(event.detail.target); });
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
});
