/**
 * User input quoted back in a message: cut to a readable length, and made inert. Slack treats
 * `<…>` as links and mentions (`<!channel>` would notify everyone) and `&` as an entity, so those
 * are escaped the way Slack documents; a backtick would end the inline code it is shown in.
 */
export function echo(text: string, max = 40): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return cut.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/`/g, "'");
}

/** The reverse of Slack's escaping, for showing a message in a terminal. */
export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
