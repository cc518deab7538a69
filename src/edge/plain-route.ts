/**
 * A route outside the format pipeline (health, image delivery, operator routes). A leaf file, so
 * the modules that declare such routes never import the app that serves them.
 */

export type PlainRoute = {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  path: string
  handle(request: Request, client: { address: string }): Response | Promise<Response>
}
