// What a page holds, as the browser sees it once loaded: run by checks.rs on every page of
// the book (the body of a function: it ends with `return`).
const main = document.querySelector('main') || document.body;
const headings = Array.from(main.querySelectorAll('h1[id],h2[id],h3[id],h4[id],h5[id],h6[id]'));
const where = el => {
    let last = null;
    for (const h of headings) {
        if (h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) last = h;
    }
    return last ? 'under #' + last.id : 'at the top of the page';
};
const blocks = Array.from(main.querySelectorAll('pre > code'));
const kind = c => (c.className.split(' ').find(k => k.startsWith('language-')) || 'plain').replace('language-', '');
// What the reader sees: the code without its hidden (`# `, class "boring") lines. Not
// innerText, which is empty for a listing inside a closed <details> (exercise solutions).
const shown = c => {
    const copy = c.cloneNode(true);
    copy.querySelectorAll('.boring').forEach(b => b.remove());
    return copy.textContent.trim();
};
// Where the problems are; the sentences that report them are written in checks.rs.
const empty = blocks
    .filter(c => shown(c) === '')
    .map(c => [kind(c), where(c)]);
// Under every Rust listing: the command that runs it (xtask/src/footers.rs).
const footer = c => {
    const next = c.closest('pre').nextElementSibling;
    const command = next && next.classList.contains('listing-footer') && next.querySelector('.listing-command');
    return command ? command.textContent.trim() : '';
};
const unfooted = blocks
    .filter(c => kind(c) === 'rust' && !/^(cargo run|rustc) /.test(footer(c)))
    .map(c => where(c));
// Listings of listings.toml (a `cargo run` line) whose footer lacks the Run button of
// `cargo xtask serve` (run-listing.js), which the browser check serves.
const norun = blocks
    .filter(c => /^cargo run /.test(footer(c)) && !c.closest('pre').nextElementSibling.querySelector('.listing-run'))
    .map(c => where(c));
const marked = blocks.filter(c => ['compile_fail', 'should_panic', 'buggy'].some(k => c.classList.contains(k))).length;
const images = Array.from(document.images)
    .filter(i => !(i.complete && i.naturalWidth > 0))
    .map(i => i.getAttribute('src'));
// Every chart (an SVG of book/img) has its numbers as a table right after it (figures.rs).
const untabled = Array.from(main.querySelectorAll('img[src$=".svg"]'))
    .filter(i => { const next = (i.closest('p') || i).nextElementSibling; return !(next && next.matches('details.chart-data') && next.querySelector('table')); })
    .map(i => i.getAttribute('src'));
const links = [];
for (const a of document.querySelectorAll('a[href]')) {
    const u = new URL(a.getAttribute('href'), document.baseURI);
    if (u.origin !== location.origin) continue;
    links.push([a.getAttribute('href'), decodeURIComponent(u.pathname), u.hash ? decodeURIComponent(u.hash.slice(1)) : '']);
}
const ids = Array.from(document.querySelectorAll('[id]'), e => e.id)
    .concat(Array.from(document.querySelectorAll('a[name]'), e => e.name));
const rel = r => {
    const a = document.querySelector(`a[rel~="${r}"]`);
    return a ? decodeURIComponent(new URL(a.getAttribute('href'), document.baseURI).pathname) : null;
};
const title = (main.querySelector('h1') || {}).textContent || '';
return { untabled, title: title.trim(), blocks: blocks.length, marked, empty, unfooted, norun, images, links, ids, next: rel('next'), prev: rel('prev') };
