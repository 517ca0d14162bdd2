import type { Locator, Page } from 'playwright-core';

/** The demo storefront at /demo/ (data-testids from demo/src/views.ts). */
export class DemoShopPage {
  constructor(readonly page: Page, private readonly baseUrl: string) {}

  /** Opens the shop acting as `device` and waits until the first page is drawn. */
  async open(device: 'phone' | 'desktop', hash = '#/'): Promise<void> {
    await this.page.goto(`${this.baseUrl}/demo/?device=${device}${hash}`);
    await this.page.locator('#app[data-ready="true"]').waitFor();
  }

  async search(query: string): Promise<void> {
    await this.page.getByTestId('search-input').fill(query);
    await this.page.getByTestId('search-submit').click();
    await this.page.locator(`[data-testid="product-list"][data-query="${query}"]`).waitFor();
  }

  cards(): Locator { return this.page.getByTestId('product-card'); }

  /** Opens the n-th product of the list; returns its id. */
  async openProduct(n = 0): Promise<string> {
    const card = this.cards().nth(n);
    const id = (await card.getAttribute('data-product-id'))!;
    await card.getByTestId('product-link').click();
    await this.page.locator(`[data-testid="product-page"][data-product-id="${id}"]`).waitFor();
    return id;
  }

  async addToCart(quantity = 1): Promise<void> {
    await this.page.getByTestId('quantity-input').fill(String(quantity));
    await this.page.getByTestId('add-to-cart').click();
    await this.page.getByTestId('added-to-cart').waitFor();
  }

  async toggleWishlist(): Promise<void> {
    await this.page.getByTestId('wishlist-toggle').click();
  }

  async openCart(): Promise<void> {
    await this.page.getByTestId('nav-cart').click();
    await this.page.getByTestId('cart-page').waitFor();
  }

  async login(customerId: string, email: string): Promise<void> {
    await this.page.getByTestId('nav-login').click();
    await this.page.getByTestId('login-customer-id').fill(customerId);
    await this.page.getByTestId('login-email').fill(email);
    await this.page.getByTestId('login-submit').click();
    await this.page.getByTestId('signed-in-as').waitFor();
  }

  async logout(): Promise<void> {
    await this.page.getByTestId('header-logout').click();
    await this.page.getByTestId('nav-login').waitFor();
  }

  async switchDevice(device: 'phone' | 'desktop'): Promise<void> {
    await this.page.getByTestId(`device-${device}`).click();
    await this.page.locator(`[data-testid="device-${device}"][aria-pressed="true"]`).waitFor();
  }

  text(testid: string): Promise<string> { return this.page.getByTestId(testid).innerText(); }
  anonymousId(): Promise<string> { return this.text('anonymous-id'); }
}
