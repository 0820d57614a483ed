import type { ScannedPage } from './bridge'

/** The browser's own camera (getUserMedia) as a second way to add a page, where the kiosk has a camera. */
export const cameraAvailable = (): boolean => typeof globalThis.navigator?.mediaDevices?.getUserMedia === 'function'

export async function openCamera(video: HTMLVideoElement): Promise<MediaStream> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false })
  video.srcObject = stream
  await video.play()
  return stream
}

/** Takes one JPEG frame from the video; the stream is closed by the caller (closeCamera) as soon as it is done. */
export async function captureFrame(video: HTMLVideoElement, index: number): Promise<ScannedPage> {
  const canvas = document.createElement('canvas')
  canvas.width = video.videoWidth || 1280
  canvas.height = video.videoHeight || 720
  canvas.getContext('2d')?.drawImage(video, 0, 0, canvas.width, canvas.height)
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85))
  if (!blob) throw new Error('capture failed')
  return { blob, fileName: `photo-${index}.jpg` }
}

export function closeCamera(stream: MediaStream | null, video?: HTMLVideoElement | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop()
  if (video) video.srcObject = null
}
