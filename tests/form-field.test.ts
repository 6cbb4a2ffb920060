// The one labelled field of the page's forms: its label, hint and error are
// tied to the control by id, so a screen reader reads them with it.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { type FieldControlProps, FormField } from '@/app/time-tracking/_components/form-field';

function render(props: { hint?: string; error?: string; describedBy?: string }) {
  const input = (control: FieldControlProps) => createElement('input', control);
  // Called inside a component of its own, so that its useId has a renderer.
  const html = renderToStaticMarkup(
    createElement(() => FormField({ label: 'Notes', ...props, children: input })),
  );
  const attr = (element: string, name: string) =>
    new RegExp(`<${element}[^>]*\\s${name}="([^"]*)"`).exec(html)?.[1];
  const idOf = (className: string) => new RegExp(`class="${className}" id="([^"]*)"`).exec(html)?.[1];
  return { html, attr, idOf };
}

describe('FormField', () => {
  it('labels the control and leaves out what it does not have', () => {
    const { html, attr } = render({});
    expect(attr('label', 'for')).toBeTruthy();
    expect(attr('input', 'id')).toBe(attr('label', 'for'));
    expect(html).not.toMatch(/aria-invalid|aria-describedby|class="hint"|class="field-error"/);
  });

  it('describes the control by its error, its hint and any outside text, in that order', () => {
    const { html, attr, idOf } = render({
      hint: 'Leave empty while it runs.',
      error: 'must be after start_time',
      describedBy: 'form-hint',
    });
    expect(attr('input', 'aria-invalid')).toBe('true');
    expect(attr('input', 'aria-describedby')).toBe(`${idOf('field-error')} ${idOf('hint')} form-hint`);
    expect(html).toContain('>must be after start_time</p>');
    expect(html).toContain('>Leave empty while it runs.</p>');
  });
});
