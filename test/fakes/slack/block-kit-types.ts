// The root types `npm run gen:slack-schemas` turns into JSON Schema (see generate-schemas.ts).
// They are @slack/types' own, with two corrections:
// - @slack/types lets a view hold any `{ type: string }` block (its `AnyBlock`); Slack does not,
//   so views here take known blocks only.
// - `ImageBlock` is `{ type: 'image' } & Block & (UrlImageObject | SlackFileImageObject)`, and
//   typescript-json-schema lets Block's `type: string` win the intersection: the generated schema
//   would accept an image block of any type. `ImageBlockPayload` restates it; that exactly one of
//   `image_url` / `slack_file` is set is checked by block-kit-limits.ts.
import type {
  ContainerBlock,
  HomeView,
  ImageBlock,
  KnownBlock,
  ModalView,
  PlainTextElement,
  SlackFile,
} from '@slack/types';

/** An image block (see above for why it is restated). */
export interface ImageBlockPayload {
  type: 'image';
  alt_text: string;
  image_url?: string;
  slack_file?: SlackFile;
  title?: PlainTextElement;
  block_id?: string;
}

type ContainerChildBlock = ContainerBlock['child_blocks'][number];

/** A container block whose image children are `ImageBlockPayload`s. */
export interface ContainerBlockPayload extends Omit<ContainerBlock, 'child_blocks'> {
  child_blocks: (Exclude<ContainerChildBlock, ImageBlock> | ImageBlockPayload)[];
}

/** Any block Slack knows. */
export type KnownBlockPayload =
  Exclude<KnownBlock, ImageBlock | ContainerBlock> | ImageBlockPayload | ContainerBlockPayload;

/** `blocks` of chat.postMessage, chat.update, chat.postEphemeral and response_url messages. */
export type MessageBlocks = KnownBlockPayload[];

/** `view` of views.open, views.update and views.push. */
export interface ModalViewPayload extends Omit<ModalView, 'blocks'> {
  blocks: KnownBlockPayload[];
}

/** `view` of views.publish. */
export interface HomeViewPayload extends Omit<HomeView, 'blocks'> {
  blocks: KnownBlockPayload[];
}
