/**
 * A fieldset of checkboxes sharing one name (categories, languages…): the form sends every ticked
 * value, so it works without JavaScript. The fieldset carries `id` so an error summary can link to it.
 */
export function CheckboxGroup({
  id,
  name,
  legend,
  options,
  checked,
  error,
}: {
  id: string;
  name: string;
  legend: string;
  options: { value: string; label: string }[];
  checked: readonly string[];
  error?: string;
}) {
  return (
    <fieldset id={id}>
      <legend>{legend}</legend>
      {error ? <p className="field__error">{error}</p> : null}
      <div className="check-grid">
        {options.map((option) => (
          <div key={option.value} className="field--checkbox">
            <input type="checkbox" id={`${id}-${option.value}`} name={name} value={option.value} defaultChecked={checked.includes(option.value)} />
            <label htmlFor={`${id}-${option.value}`}>{option.label}</label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}
