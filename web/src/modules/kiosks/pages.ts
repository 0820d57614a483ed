import type { ScannedPage } from './bridge'

/**
 * A material is one file (a case takes one file per requirement), so the pages scanned for it become one PDF:
 * JPEG pages are laid one per PDF page (DCTDecode, no re-encoding); a single page of any kind goes as it is.
 */
export async function combinePages(pages: ScannedPage[], baseName: string): Promise<ScannedPage> {
  if (pages.length === 1) return pages[0]!
  if (pages.some((p) => p.blob.type !== 'image/jpeg')) throw new Error('only JPEG pages can be combined')
  const images = await Promise.all(pages.map(async (p) => new Uint8Array(await p.blob.arrayBuffer())))
  return { blob: jpegsToPdf(images), fileName: `${baseName}.pdf` }
}

/** Width and height from a JPEG's start-of-frame marker. */
export function jpegSize(bytes: Uint8Array): { width: number; height: number } {
  let i = 2
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) {
      i++
      continue
    }
    const marker = bytes[i + 1]!
    const length = (bytes[i + 2]! << 8) | bytes[i + 3]!
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC)
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return { height: (bytes[i + 5]! << 8) | bytes[i + 6]!, width: (bytes[i + 7]! << 8) | bytes[i + 8]! }
    i += 2 + length
  }
  throw new Error('not a JPEG')
}

export function jpegsToPdf(images: Uint8Array[]): Blob {
  const enc = new TextEncoder()
  const parts: Uint8Array[] = []
  const offsets: number[] = []
  let length = 0
  const push = (chunk: Uint8Array | string) => {
    const bytes = typeof chunk === 'string' ? enc.encode(chunk) : chunk
    parts.push(bytes)
    length += bytes.length
  }
  const object = (n: number, body: (string | Uint8Array)[]) => {
    offsets[n] = length
    push(`${n} 0 obj\n`)
    for (const b of body) push(b)
    push('\nendobj\n')
  }
  push('%PDF-1.4\n')
  // Objects: 1 catalog, 2 pages, then per image: page, content, image.
  const pageIds = images.map((_, k) => 3 + k * 3)
  object(1, ['<< /Type /Catalog /Pages 2 0 R >>'])
  object(2, [`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${images.length} >>`])
  images.forEach((jpeg, k) => {
    const { width, height } = jpegSize(jpeg)
    // A4 portrait in points, the image fitted inside.
    const scale = Math.min(595 / width, 842 / height)
    const w = Math.round(width * scale)
    const h = Math.round(height * scale)
    const [page, content, image] = [pageIds[k]!, pageIds[k]! + 1, pageIds[k]! + 2]
    const draw = `q ${w} 0 0 ${h} 0 ${842 - h} cm /Im0 Do Q`
    object(page, [`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 ${image} 0 R >> >> /Contents ${content} 0 R >>`])
    object(content, [`<< /Length ${draw.length} >>\nstream\n${draw}\nendstream`])
    object(image, [`<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>\nstream\n`, jpeg, '\nendstream'])
  })
  const count = 3 + images.length * 3
  const xref = length
  push(`xref\n0 ${count}\n0000000000 65535 f \n`)
  for (let n = 1; n < count; n++) push(`${String(offsets[n]).padStart(10, '0')} 00000 n \n`)
  push(`trailer\n<< /Size ${count} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`)
  return new Blob(parts as BlobPart[], { type: 'application/pdf' })
}
