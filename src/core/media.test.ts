import { describe, expect, it } from 'vitest';
import { mediaRefsOf } from './media.ts';

describe('mediaRefsOf: the media of a stored message payload', () => {
  it('reads the fields WhatsApp Cloud, Telegram and Gupshup write', () => {
    expect(mediaRefsOf({ mediaKind: 'voice', mediaId: '123', mimeType: 'audio/ogg', voice: true })).toEqual([
      { kind: 'voice', mediaId: '123', mimeType: 'audio/ogg' },
    ]);
    expect(mediaRefsOf({ mediaKind: 'image', url: 'https://files.example/a.jpg', caption: 'mira' })).toEqual([
      { kind: 'image', url: 'https://files.example/a.jpg' },
    ]);
  });

  it("takes Telegram's voice flag on an audio as a voice note", () => {
    expect(mediaRefsOf({ mediaKind: 'audio', mediaId: 'AwAD', voice: true })[0]?.kind).toBe('voice');
    expect(mediaRefsOf({ mediaKind: 'audio', mediaId: 'AwAD', voice: false })[0]?.kind).toBe('audio');
  });

  it("reads each of Twilio's media and leaves out vCards", () => {
    expect(
      mediaRefsOf({
        media: [
          { url: 'https://api.twilio.com/m/1', mimeType: 'image/jpeg', kind: 'image' },
          { url: 'https://api.twilio.com/m/2', mimeType: 'text/vcard', kind: 'contacts' },
          { url: 'https://api.twilio.com/m/3', mimeType: 'audio/ogg', kind: 'audio' },
        ],
      }),
    ).toEqual([
      { kind: 'image', url: 'https://api.twilio.com/m/1', mimeType: 'image/jpeg' },
      { kind: 'audio', url: 'https://api.twilio.com/m/3', mimeType: 'audio/ogg' },
    ]);
  });

  it('finds nothing where there is no kind or nowhere to fetch it from', () => {
    expect(mediaRefsOf({})).toEqual([]);
    expect(mediaRefsOf({ buttonId: 'x' })).toEqual([]);
    expect(mediaRefsOf({ mediaKind: 'hologram', mediaId: '1' })).toEqual([]);
    expect(mediaRefsOf({ mediaKind: 'image', mediaId: '  ' })).toEqual([]);
    expect(mediaRefsOf({ media: [null, 'x', { kind: 'image' }] })).toEqual([]);
  });
});
