// Stand-in for react-devtools-core in the bundle (Ink connects to it only when DEV=true).
export default { initialize() {}, connectToDevTools() {} }
