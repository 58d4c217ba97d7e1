// 问题清单: bring the card just raised into view (the board scrolls sideways on a phone).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var card = document.querySelector(".board-card.highlight");
    if (card) { card.scrollIntoView({ block: "center", inline: "center" }); }
  });
})();
