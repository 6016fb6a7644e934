// Recording media for every simulator: a real, small WAV (8 kHz, 16-bit mono PCM) whose tone is derived
// from the recording id, so every download of the same recording has the same bytes and checksum.
import { hashString } from './random.ts';

const SAMPLE_RATE = 8000;

export function recordingWav(recordingId: string, seconds: number): Buffer {
  const samples = Math.round(SAMPLE_RATE * seconds);
  const dataBytes = samples * 2;
  const wav = Buffer.alloc(44 + dataBytes);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + dataBytes, 4);
  wav.write('WAVE', 8, 'ascii');
  wav.write('fmt ', 12, 'ascii');
  wav.writeUInt32LE(16, 16); // fmt chunk size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(SAMPLE_RATE, 24);
  wav.writeUInt32LE(SAMPLE_RATE * 2, 28); // byte rate
  wav.writeUInt16LE(2, 32); // block align
  wav.writeUInt16LE(16, 34); // bits per sample
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(dataBytes, 40);
  const frequency = 250 + (hashString(recordingId) % 700);
  for (let i = 0; i < samples; i++) {
    wav.writeInt16LE(Math.round(6000 * Math.sin((2 * Math.PI * frequency * i) / SAMPLE_RATE)), 44 + i * 2);
  }
  return wav;
}
