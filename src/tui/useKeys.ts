/**
 * useKeys: the hook that feeds Ink's key presses through the pure `reduceKey` (keys.ts), sends
 * the commands it returns and exits on quit. The state lives in a ref as well as in React state:
 * keys can arrive faster than React re-renders (a paste, tmux send-keys), so each key is reduced
 * from the state the previous key left, not from the last render's.
 */
import { useApp, useInput } from "ink"
import { useRef, useState } from "react"
import type { LiveCommand } from "../experiment/Live.ts"
import { initialUi, isTyping, reduceKey, splitBurst, type KeyView, type UiState } from "./keys.ts"

/** The UI state and the function Ink calls per key; `view()` reads the latest screen lists. */
export const useKeys = (view: () => KeyView | undefined, send: (c: LiveCommand) => void): UiState => {
  const [state, setState] = useState<UiState>(initialUi)
  const ref = useRef<UiState>(state)
  const { exit } = useApp()
  useInput((input, key) => {
    const v = view()
    if (v === undefined) return
    for (const press of splitBurst({ ...key, input }, isTyping(ref.current.mode))) {
      const r = reduceKey(ref.current, press, v)
      ref.current = r.state
      for (const c of r.commands) send(c)
      if (r.quit) {
        setState(r.state)
        exit()
        return
      }
    }
    setState(ref.current)
  })
  return state
}
