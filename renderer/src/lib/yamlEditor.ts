// The YAML panel's read-only CodeMirror 6 editor: one EditorView for the panel's life, with one
// EditorState per file swapped in (so each file keeps its scroll position and folds), YAML
// highlighting, diagnostics shown in place, and a highlighted line range that can be revealed.
import { yaml } from '@codemirror/lang-yaml';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { type Diagnostic as EditorDiagnostic, lintGutter, setDiagnostics } from '@codemirror/lint';
import { EditorState, type Extension, RangeSetBuilder, StateEffect, StateField } from '@codemirror/state';
import { Decoration, type DecorationSet, EditorView, drawSelection, highlightActiveLine, highlightActiveLineGutter, lineNumbers } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import type { Diagnostic } from '../../../electron/common/model';
import { clampRange, type LineRange } from './yamlRanges';

const setHighlight = StateEffect.define<LineRange | null>();

const highlightedLine = Decoration.line({ class: 'cm-netpol-highlight' });

/** The highlighted range as line decorations; cleared by `null`. */
const highlightField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(decorations, transaction) {
    let next = decorations.map(transaction.changes);
    for (const effect of transaction.effects) {
      if (!effect.is(setHighlight)) continue;
      if (effect.value === null) {
        next = Decoration.none;
        continue;
      }
      const range = clampRange(effect.value, transaction.state.doc.lines);
      const builder = new RangeSetBuilder<Decoration>();
      for (let line = range.from; line <= range.to; line++) {
        const start = transaction.state.doc.line(line).from;
        builder.add(start, start, highlightedLine);
      }
      next = builder.finish();
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

// Token colours from CSS variables, so the page's light and dark themes both apply.
const yamlHighlightStyle = HighlightStyle.define([
  { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: 'var(--code-key)' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--code-string)' },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: 'var(--code-literal)' },
  { tag: [tags.comment, tags.lineComment], color: 'var(--code-comment)', fontStyle: 'italic' },
  { tag: [tags.meta, tags.documentMeta, tags.separator, tags.punctuation], color: 'var(--code-punctuation)' },
  { tag: tags.keyword, color: 'var(--code-literal)' },
]);

const theme = EditorView.theme({
  '&': { height: '100%', fontSize: '12.5px', backgroundColor: 'var(--surface)', color: 'var(--text)' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.5' },
  '.cm-gutters': { backgroundColor: 'var(--surface-2)', color: 'var(--text-muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'var(--active-line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--active-line)' },
  '.cm-netpol-highlight': { backgroundColor: 'var(--highlight-bg)', boxShadow: 'inset 3px 0 0 var(--accent)' },
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '-2px' },
});

function extensions(): Extension[] {
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightActiveLine(),
    drawSelection(),
    EditorState.readOnly.of(true),
    EditorView.contentAttributes.of({ 'aria-label': 'YAML source (read-only)' }),
    yaml(),
    syntaxHighlighting(yamlHighlightStyle),
    lintGutter(),
    highlightField,
    theme,
  ];
}

/** A backend diagnostic placed in a document: its line (clamped) from its column to the line's end. */
function editorDiagnostic(state: EditorState, diagnostic: Diagnostic): EditorDiagnostic | undefined {
  const location = diagnostic.location;
  if (!location) return undefined;
  const line = state.doc.line(Math.min(Math.max(location.line, 1), state.doc.lines));
  const from = Math.min(line.from + Math.max(location.column - 1, 0), line.to);
  const to = from === line.to ? line.to : Math.max(line.to, from);
  return {
    from,
    to,
    severity: diagnostic.severity,
    source: diagnostic.code,
    message: diagnostic.object ? `${diagnostic.message} (${diagnostic.object})` : diagnostic.message,
  };
}

export class YamlEditor {
  private readonly view: EditorView;
  private readonly states = new Map<string, EditorState>();
  private current: string | undefined;

  constructor(parent: HTMLElement) {
    this.view = new EditorView({ parent, state: EditorState.create({ doc: '', extensions: extensions() }) });
  }

  /** Shows a file; `key` names this version of it (a new review gives new keys). */
  show(key: string, text: string, diagnostics: readonly Diagnostic[]): void {
    if (this.current === key) return;
    if (this.current !== undefined) this.states.set(this.current, this.view.state);
    let state = this.states.get(key);
    if (!state) {
      state = EditorState.create({ doc: text, extensions: extensions() });
      const placed = diagnostics.map((diagnostic) => editorDiagnostic(state as EditorState, diagnostic)).filter((item) => item !== undefined);
      state = state.update(setDiagnostics(state, placed)).state;
    }
    this.view.setState(state);
    this.current = key;
  }

  /** Forgets the documents of an earlier review. */
  forgetAllBut(keys: ReadonlySet<string>): void {
    for (const key of this.states.keys()) if (!keys.has(key)) this.states.delete(key);
  }

  /** Highlights lines and scrolls them into the middle of the view. */
  reveal(range: LineRange): void {
    const clamped = clampRange(range, this.view.state.doc.lines);
    const position = this.view.state.doc.line(clamped.from).from;
    this.view.dispatch({
      effects: [setHighlight.of(clamped), EditorView.scrollIntoView(position, { y: 'center' })],
      selection: { anchor: position },
    });
  }

  clearHighlight(): void {
    this.view.dispatch({ effects: setHighlight.of(null) });
  }

  /** After the panel was hidden: measure again. */
  refresh(): void {
    this.view.requestMeasure();
  }

  destroy(): void {
    this.view.destroy();
    this.states.clear();
  }
}
