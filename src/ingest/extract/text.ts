// Request text, kept only for records without usage so the tokens stage can count it.

import type { ChatMessage, RequestText } from '../../core/types.ts';
import type { Field } from './fields.ts';
import { show } from './numbers.ts';

export type TextResult = { text: RequestText } | { problem: string } | undefined;

/**
 * Reads `messages` (an array of {role, content}; in a CSV cell, that array as JSON), `prompt`
 * and `completion` (strings). Undefined when none is there; a problem when messages are malformed.
 */
export function readText(messages: Field | undefined, prompt: Field | undefined, completion: Field | undefined): TextResult {
  const text: RequestText = {};
  if (messages) {
    const parsed = readMessages(messages);
    if (typeof parsed === 'string') return { problem: parsed };
    if (parsed.length > 0) text.messages = parsed;
  }
  if (prompt && typeof prompt.value === 'string' && prompt.value !== '') text.prompt = prompt.value;
  if (completion && typeof completion.value === 'string' && completion.value !== '') text.completion = completion.value;
  return text.messages || text.prompt !== undefined || text.completion !== undefined ? { text } : undefined;
}

/** Messages, or the reason they cannot be read. */
function readMessages(field: Field): ChatMessage[] | string {
  let list = field.value;
  if (typeof list === 'string') {
    try {
      list = JSON.parse(list);
    } catch {
      return `${field.label} is not a JSON array of {role, content} messages`;
    }
  }
  if (!Array.isArray(list)) return `${field.label} is ${show(list)}: expected an array of {role, content} messages`;
  const out: ChatMessage[] = [];
  for (const [i, item] of list.entries()) {
    const where = `${field.label}[${i}]`;
    if (typeof item !== 'object' || item === null) return `${where} is ${show(item)}: expected a {role, content} object`;
    const { role, content, name } = item as Record<string, unknown>;
    if (typeof role !== 'string') return `${where}.role is ${show(role)}: expected a string such as "user"`;
    const joined = contentText(content);
    if (joined === undefined) return `${where}.content is ${show(content)}: expected a string or an array of {type: "text", text} parts`;
    const message: ChatMessage = { role, content: joined };
    if (typeof name === 'string') message.name = name;
    out.push(message);
  }
  return out;
}

/**
 * A message's text: a string, or the text parts of a parts array joined by newlines. Images and
 * other non-text parts are left out (the tokens stage cannot count them from here); null content
 * (an assistant turn that only calls tools) is "".
 */
function contentText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (content === null || content === undefined) return '';
  if (!Array.isArray(content)) return undefined;
  const parts: string[] = [];
  for (const part of content) {
    if (typeof part === 'string') parts.push(part);
    else if (typeof part === 'object' && part !== null) {
      const { text } = part as Record<string, unknown>;
      if (typeof text === 'string') parts.push(text);
    }
  }
  return parts.join('\n');
}
