// The Run button under every listing, in the book `cargo xtask serve` serves (only there: it
// adds this script to the pages; the published book has neither it nor the endpoint). A click
// asks the server to build and run that listing, as its `cargo run` line says, on this machine,
// and shows what it prints as it prints it (xtask/src/run_listing/).
(function runListings() {
    'use strict';

    // A line of the stream that starts with this character is cargo's progress while it
    // builds the listing (xtask/src/run_listing/job.rs, PROGRESS), not the listing's output.
    const PROGRESS = '\u001e';

    async function run(button, footer, output, progress) {
        button.disabled = true;
        button.textContent = 'Starting…';
        output.hidden = false;
        output.textContent = '';
        output.dataset.state = 'running';
        progress.hidden = true;
        progress.textContent = '';
        let compiled = 0;
        let pending = '';
        let lineStart = true;
        // Splits what arrived into progress lines and output, at line starts.
        const take = (text) => {
            pending += text;
            while (pending) {
                if (lineStart && pending[0] === PROGRESS) {
                    const end = pending.indexOf('\n');
                    if (end < 0) return;
                    const line = pending.slice(1, end).trim();
                    pending = pending.slice(end + 1);
                    if (/^Compiling /.test(line)) compiled += 1;
                    button.textContent = 'Compiling…';
                    progress.hidden = false;
                    progress.textContent = compiled
                        ? `cargo is building this listing first (${compiled} crate${compiled === 1 ? '' : 's'} so far): ${line}`
                        : `cargo: ${line}`;
                    continue;
                }
                const end = pending.indexOf('\n');
                const piece = end < 0 ? pending : pending.slice(0, end + 1);
                pending = pending.slice(piece.length);
                button.textContent = 'Running…';
                output.textContent += piece;
                lineStart = end >= 0;
            }
        };
        let state = 'done';
        try {
            // The server knows the listing's arguments: the request carries only its name.
            const response = await fetch('/__run/' + footer.dataset.listing, { method: 'POST' });
            if (!response.ok) {
                state = 'refused';
                output.textContent = `The server refused the run (${response.status}): ${await response.text()}`;
                return;
            }
            const reader = response.body.getReader();
            const decoder = new TextDecoder();
            for (;;) {
                const { done, value } = await reader.read();
                if (done) break;
                take(decoder.decode(value, { stream: true }));
            }
            take(decoder.decode());
            if (pending) output.textContent += pending;
        } catch (e) {
            state = 'failed';
            output.textContent += `\n[the run did not finish: ${e.message}; is cargo xtask serve still running?]\n`;
        } finally {
            if (compiled) {
                progress.textContent = `cargo built this listing first (${compiled} crate${compiled === 1 ? '' : 's'} compiled).`;
            } else {
                progress.hidden = true;
            }
            output.dataset.state = state;
            button.disabled = false;
            button.textContent = 'Run again';
        }
    }

    for (const footer of document.querySelectorAll('.listing-footer[data-listing]')) {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'listing-run';
        button.textContent = 'Run';
        button.title = 'Build and run this listing on this machine, as the command beside says';
        const output = document.createElement('pre');
        output.className = 'listing-run-output';
        output.hidden = true;
        // A log: a screen reader reads out what the run prints as it arrives (aria-live), and
        // a keyboard can reach and scroll it (it stops growing at 30em: run-listing.css).
        output.setAttribute('role', 'log');
        output.setAttribute('aria-live', 'polite');
        output.setAttribute('aria-label', 'Output of the run');
        output.tabIndex = 0;
        // What cargo is doing while it builds the listing before its first run.
        const progress = document.createElement('p');
        progress.className = 'listing-run-progress';
        progress.setAttribute('role', 'status');
        progress.hidden = true;
        button.addEventListener('click', () => run(button, footer, output, progress));
        footer.prepend(button);
        footer.after(output);
        output.after(progress);
    }
})();
