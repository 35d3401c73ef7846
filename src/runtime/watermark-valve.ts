/**
 * Combines the watermarks and idleness of a task's input channels (Flink's StatusWatermarkValve): the task's
 * watermark is the minimum over active channels; idle and ended channels do not hold it back. When every channel
 * still open is idle, the task is idle and its watermark catches up with the highest channel watermark.
 * The combined watermark only moves forward.
 */
import { MAX_WATERMARK, MIN_WATERMARK } from './operator.js'

export class WatermarkValve {
  private readonly watermarks: number[]
  private readonly idle: boolean[]
  private readonly ended: boolean[]
  private combined = MIN_WATERMARK
  private allIdle = false

  constructor(private readonly numChannels: number) {
    this.watermarks = new Array<number>(numChannels).fill(MIN_WATERMARK)
    this.idle = new Array<boolean>(numChannels).fill(false)
    this.ended = new Array<boolean>(numChannels).fill(false)
  }

  get watermark(): number {
    return this.combined
  }

  get isIdle(): boolean {
    return this.allIdle
  }

  /** Returns the new combined watermark when it advanced, else null. */
  onWatermark(channel: number, watermark: number): number | null {
    if (this.ended[channel]) return null
    if (watermark > this.watermarks[channel]!) this.watermarks[channel] = watermark
    // A watermark from an idle channel means it became active again.
    if (this.idle[channel]) this.idle[channel] = false
    return this.recompute()
  }

  /** Returns the new combined watermark when it advanced, else null; check `isIdle` for the task's status. */
  onIdle(channel: number, idle: boolean): number | null {
    if (this.ended[channel]) return null
    this.idle[channel] = idle
    return this.recompute()
  }

  /** Data arrived on a channel: it is active. */
  onData(channel: number): void {
    if (this.idle[channel]) {
      this.idle[channel] = false
      this.allIdle = false
    }
  }

  onEndOfInput(channel: number): number | null {
    this.ended[channel] = true
    return this.recompute()
  }

  private recompute(): number | null {
    let min = MAX_WATERMARK
    let active = 0
    let open = 0
    let maxIdle = MIN_WATERMARK
    for (let i = 0; i < this.numChannels; i++) {
      if (this.ended[i]) continue
      open++
      const wm = this.watermarks[i]!
      if (this.idle[i]) {
        if (wm > maxIdle) maxIdle = wm
        continue
      }
      active++
      if (wm < min) min = wm
    }
    this.allIdle = open > 0 && active === 0
    const next = open === 0 ? MAX_WATERMARK : active === 0 ? maxIdle : min
    if (next > this.combined) {
      this.combined = next
      return next
    }
    return null
  }
}
